import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../diagnostics/index.js';
import { personOf, teamOf } from './claims.js';
import { parseOidcConfig } from './config.js';

const BASE = [
  'issuer: https://login.example.com/tenant/v2.0',
  'clientId: waymark',
  'redirectUrl: https://waymark.example.com/auth/callback',
  'teams:',
  '  - { value: pay-read, team: payments, role: viewer }',
  '  - { value: pay-write, team: payments, role: editor }',
  '  - { value: growth, team: growth, role: admin }',
  'admins: [boss@example.com, sub-root]',
].join('\n');
const noFile = () => {
  throw new Error('not read');
};

function refused(text: string, pattern: RegExp, readSecret: (p: string) => string = noFile): void {
  assert.throws(
    () => parseOidcConfig(text, 'oidc.yaml', undefined, readSecret),
    (err: unknown) => err instanceof InputError && pattern.test(err.message),
  );
}

describe('OIDC config', () => {
  it('reads a good file with its defaults, the secret from the environment', () => {
    const { config, clientSecret } = parseOidcConfig(BASE, 'oidc.yaml', 's3cret', noFile);
    assert.equal(clientSecret, 's3cret');
    assert.deepEqual(config.scopes, ['openid', 'profile', 'email']);
    assert.equal(config.claim, 'groups');
    assert.equal(config.sessionHours, 8);
  });

  it('reads the secret from the file it names, and never quotes it', () => {
    const text = `${BASE}\nclientSecretFile: /run/secrets/oidc`;
    assert.equal(
      parseOidcConfig(text, 'oidc.yaml', undefined, () => 'from-file\n').clientSecret,
      'from-file',
    );
    refused(text, /cannot read the client secret file \/run\/secrets\/oidc/);
    refused(text, /is empty/, () => '  \n');
  });

  it('refuses what would not work, naming the field', () => {
    refused(BASE.replace('https://login', 'http://login'), /issuer must be an https:\/\/ URL/);
    refused(BASE.replace('/auth/callback', '/callback'), /redirectUrl must end in \/auth\/callback/);
    refused(BASE.replace('team: growth', 'team: Growth Team'), /teams\.2\.team/);
    refused(BASE.replace('role: admin', 'role: owner'), /teams\.2\.role/);
    refused(BASE.replace('clientId: waymark\n', ''), /clientId/);
    refused(`${BASE}\nclientSecret: inline`, /clientSecret/);
    refused('issuer: [', /not valid YAML/);
    // Plain HTTP is for loopback only.
    const local = BASE.replace('https://login.example.com/tenant/v2.0', 'http://127.0.0.1:9000');
    assert.ok(parseOidcConfig(local, 'oidc.yaml', undefined, noFile));
  });
});

describe('claims to team and role', () => {
  const { config } = parseOidcConfig(`${BASE}\nadminTeam: platform`, 'oidc.yaml', undefined, noFile);
  const person = (groups: unknown, extra: Record<string, unknown> = {}) => {
    const p = personOf({ sub: 'sub-1', email: 'kim@example.com', groups, ...extra }, 'groups');
    assert.ok(p);
    return p;
  };

  it('takes the first team in the config order, with the highest role it gives', () => {
    assert.deepEqual(teamOf(config, person(['pay-read', 'pay-write'])), {
      teamId: 'payments',
      role: 'editor',
    });
    assert.deepEqual(teamOf(config, person(['growth', 'pay-read'])), { teamId: 'payments', role: 'viewer' });
    assert.deepEqual(teamOf(config, person('growth')), { teamId: 'growth', role: 'admin' });
  });

  it('maps nobody without a mapped value, unless listed as admin', () => {
    assert.equal(teamOf(config, person(['marketing'])), undefined);
    assert.equal(teamOf(config, person(undefined)), undefined);
    assert.deepEqual(teamOf(config, person(['pay-read'], { email: 'boss@example.com' })), {
      teamId: 'payments',
      role: 'admin',
    });
    assert.deepEqual(teamOf(config, person([], { sub: 'sub-root' })), { teamId: 'platform', role: 'admin' });
    // An address the provider has not verified is not trusted for the override.
    assert.deepEqual(
      teamOf(config, person(['pay-read'], { email: 'boss@example.com', email_verified: false })),
      {
        teamId: 'payments',
        role: 'viewer',
      },
    );
  });

  it('reaches a nested claim by a dotted path', () => {
    const p = personOf({ sub: 'x', realm_access: { roles: ['growth'] } }, 'realm_access.roles');
    assert.deepEqual(p?.values, ['growth']);
    assert.equal(p?.name, 'x');
    assert.equal(personOf({ name: 'no subject' }, 'groups'), undefined);
  });
});
