import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { databaseHttpError, shown } from './errors.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('database errors as HTTP answers', () => {
  it('answers 503 with Retry-After while the database is away', () => {
    for (const err of [
      coded('ECONNREFUSED'),
      coded('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57P03', 'the database system is starting up'),
      coded('08006'),
      coded('53300', 'too many connections'),
      coded('40001', 'could not serialize access'),
      coded('SQLITE_BUSY'),
      new AggregateError([coded('ECONNREFUSED')], 'connect failed'),
      new Error('query failed', { cause: coded('ECONNRESET') }),
    ]) {
      const http = databaseHttpError(err);
      assert.equal(http?.statusCode, 503, err.message);
      assert.equal(http?.headers['retry-after'], '5');
    }
  });

  it('answers 409 for collisions, 400 for values the database cannot hold, and nothing for bugs', () => {
    assert.equal(databaseHttpError(coded('23505'))?.statusCode, 409);
    assert.equal(databaseHttpError(coded('SQLITE_CONSTRAINT_UNIQUE'))?.statusCode, 409);
    assert.equal(databaseHttpError(coded('23503'))?.statusCode, 409);
    assert.equal(databaseHttpError(coded('SQLITE_CONSTRAINT_FOREIGNKEY'))?.statusCode, 409);
    assert.equal(databaseHttpError(coded('22021'))?.statusCode, 400);
    for (const bug of [
      new TypeError('x is undefined'),
      coded('42P01', 'relation does not exist'),
      'text',
      null,
    ])
      assert.equal(databaseHttpError(bug), undefined);
  });

  it('shows request text escaped and short', () => {
    assert.equal(shown('a\u0000b"c'), 'a\\u0000b\\"c');
    assert.equal(shown('x'.repeat(500)).length, 121);
  });
});
