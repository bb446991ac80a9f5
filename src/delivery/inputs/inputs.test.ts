import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputErrors, isInputError } from '../../diagnostics/index.js';
import { REPO_ROOT } from '../../testing/index.js';
import {
  azureDevOpsEvents,
  deliveryMetrics,
  githubEvents,
  gitlabEvents,
  PayloadError,
  providerTime,
  readEventFile,
} from '../index.js';

const dir = join(REPO_ROOT, 'test/fixtures/delivery');
const text = (name: string) => readFileSync(join(dir, name), 'utf8');
const json = (name: string): unknown => JSON.parse(text(name));
const hook = { workload: 'w1' };

describe('provider webhooks', () => {
  it('reads a GitHub deployment_status as the deployment it finished', () => {
    const { events } = githubEvents(
      'deployment_status',
      json('github-deployment_status.json'),
      hook,
      'guid-1',
    );
    assert.deepEqual(events, [
      {
        type: 'deployment',
        id: '1204',
        workload: 'w1',
        environment: 'production',
        status: 'success',
        time: '2026-03-04T10:15:00Z',
        commits: [{ sha: '9f2c4e1ab37d5c0e8f6b2a1d4c3e5f7a9b0c1d2e' }],
        ref: 'main',
        source: 'github',
        deliveryId: 'guid-1',
      },
    ]);
  });

  it('ignores GitHub states that are not final, and pings', () => {
    const p = json('github-deployment_status.json') as { deployment_status: { state: string } };
    p.deployment_status.state = 'in_progress';
    assert.match(githubEvents('deployment_status', p, hook).ignored ?? '', /"in_progress" is not final/);
    assert.equal(githubEvents('ping', {}, hook).ignored, 'ping');
    assert.match(githubEvents('issues', {}, hook).ignored ?? '', /carries no deployment/);
  });

  it('reads a completed run of a deploying workflow, with the head commit time', () => {
    const [e] = githubEvents('workflow_run', json('github-workflow_run.json'), hook).events;
    assert.equal(e?.type, 'deployment');
    if (e?.type !== 'deployment') return;
    assert.equal(e.id, '8812345678');
    assert.equal(e.status, 'failure');
    assert.equal(e.environment, 'production');
    assert.deepEqual(e.commits, [
      { sha: '4b8e2d6f1a3c5e7092b4d6f8a0c2e4f6a8b0d2f4', time: '2026-03-05T07:41:30Z' },
    ]);
  });

  it('takes only the workflows the hook names, when it names some', () => {
    const r = githubEvents('workflow_run', json('github-workflow_run.json'), {
      ...hook,
      workflows: ['Release'],
    });
    assert.match(r.ignored ?? '', /not one of the deploying workflows \(Release\)/);
    const staging = githubEvents('workflow_run', json('github-workflow_run.json'), {
      ...hook,
      workflows: ['deploy to production'],
      environment: 'Staging',
    });
    assert.equal(staging.events[0]?.type === 'deployment' && staging.events[0].environment, 'staging');
  });

  it('reads a GitLab deployment event, taking the full SHA from the commit URL and the time with its offset', () => {
    const [e] = gitlabEvents('Deployment Hook', json('gitlab-deployment.json'), hook).events;
    assert.ok(e?.type === 'deployment');
    assert.equal(e.id, '7731');
    assert.equal(e.time, '2026-03-06T13:20:05.000Z');
    assert.equal(e.commits[0]?.sha, '1c7f3a9e5b2d4f6081a3c5e7f9b1d3f5a7c9e1b3');
    assert.equal(e.source, 'gitlab');
  });

  it('reads a GitLab pipeline as a deployment to the environment its job starts', () => {
    const [e, more] = gitlabEvents('Pipeline Hook', json('gitlab-pipeline.json'), hook).events;
    assert.equal(more, undefined);
    assert.ok(e?.type === 'deployment');
    assert.equal(e.id, 'pipeline-50311');
    assert.equal(e.status, 'failure');
    assert.equal(e.time, '2026-03-07T09:12:30.000Z');
    assert.equal(e.commits[0]?.time, '2026-03-07T09:58:12+01:00');
  });

  it('ignores a GitLab pipeline with no deploying job unless the hook says it deploys', () => {
    const p = json('gitlab-pipeline.json') as { builds: unknown[]; object_attributes: { name: string } };
    p.builds = [];
    assert.match(gitlabEvents('Pipeline Hook', p, hook).ignored ?? '', /no job deploys/);
    p.object_attributes.name = 'Release train';
    const [e] = gitlabEvents('Pipeline Hook', p, { ...hook, environment: 'live' }).events;
    assert.equal(e?.type === 'deployment' && e.environment, 'live');
  });

  it('reads an Azure DevOps release deployment with the commit of its artifact', () => {
    const [e] = azureDevOpsEvents(json('azure-deployment-completed.json'), hook).events;
    assert.ok(e?.type === 'deployment');
    assert.equal(e.id, '7780');
    assert.equal(e.environment, 'production');
    assert.equal(e.status, 'success');
    assert.equal(e.time, '2026-03-08T16:40:21.4533333Z');
    assert.deepEqual(e.commits, [{ sha: 'a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1' }]);
    assert.equal(e.deliveryId, '0b7e3c2a-91d4-4f6e-8a2b-3c4d5e6f7a8b');
  });

  it('reads an Azure DevOps YAML run of a release pipeline', () => {
    const [e] = azureDevOpsEvents(json('azure-run-state-changed.json'), hook).events;
    assert.ok(e?.type === 'deployment');
    assert.equal(e.id, 'run-2210');
    assert.equal(e.ref, 'refs/heads/main');
    assert.equal(e.commits[0]?.sha, 'b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3');
    const cancelled = json('azure-run-state-changed.json') as { resource: { run: { result: string } } };
    cancelled.resource.run.result = 'canceled';
    assert.match(azureDevOpsEvents(cancelled, hook).ignored ?? '', /"canceled", which deploys nothing/);
  });

  it('refuses a payload that is not the shape its event promises, naming the field', () => {
    assert.throws(
      () => githubEvents('deployment_status', { deployment_status: {} }, hook),
      (err: unknown) => err instanceof PayloadError && /deployment_status\.id/.test(err.message),
    );
    assert.throws(() => gitlabEvents('Deployment Hook', { object_kind: 'deployment' }, hook), PayloadError);
    assert.throws(() => azureDevOpsEvents([], hook), PayloadError);
  });

  it('reads the times providers write', () => {
    assert.equal(providerTime('2016-08-12 15:23:28 UTC'), '2016-08-12T15:23:28.000Z');
    assert.equal(providerTime('2021-04-28 21:50:00 +0200'), '2021-04-28T19:50:00.000Z');
    assert.equal(providerTime('2026-03-01T00:00:00Z'), '2026-03-01T00:00:00Z');
    assert.equal(providerTime('yesterday'), undefined);
  });
});

describe('event files', () => {
  it('reads the generic format, with commits as SHAs or with times', () => {
    const { events } = readEventFile(text('events.json'), 'events.json', hook);
    assert.equal(events.length, 2);
    const [d] = events;
    assert.ok(d?.type === 'deployment');
    assert.deepEqual(
      d.commits.map((c) => c.sha.slice(0, 4)),
      ['f3a5', '0a1b'],
    );
    const [m] = deliveryMetrics(events, {
      window: { from: '2026-03-01T00:00:00Z', to: '2026-03-15T00:00:00Z' },
    });
    assert.equal(m?.leadTime.changes[0]?.hours, 17.67);
    assert.equal(m?.changeFailureRate.value, 1, 'the incident opened 1.5 h after the deployment');
  });

  it('reads gh run list output: deploying workflows with a conclusion only, saying what it left out', () => {
    const { events, notes } = readEventFile(text('gh-run-list.json'), 'runs.json', hook);
    assert.deepEqual(
      events.map((e) => e.type === 'deployment' && [e.id, e.status]),
      [
        ['8820000003', 'success'],
        ['8820000001', 'failure'],
      ],
    );
    assert.deepEqual(notes, [
      '1 runs of workflows that do not deploy were left out',
      '1 runs without a success or failure conclusion were left out',
    ]);
  });

  it('reads gh api deployments, counting those without a status as successful and saying so', () => {
    const { events, notes } = readEventFile(text('gh-deployments.json'), 'deployments.json', hook);
    assert.deepEqual(
      events.map((e) => e.type === 'deployment' && [e.id, e.environment, e.status, e.time]),
      [
        ['1210', 'production', 'success', '2026-03-11T13:04:00Z'],
        ['1209', 'staging', 'failure', '2026-03-11T12:33:00Z'],
      ],
    );
    assert.match(notes[0] ?? '', /^1 deployments carry no status .* counted as successful/);
  });

  it('reads an incidents CSV: quoted cells, offsets, GitLab-style times, empty cells', () => {
    const { events } = readEventFile(text('incidents.csv'), 'incidents.csv', hook);
    assert.deepEqual(
      events.map(
        (e) => e.type === 'incident' && [e.id, e.openedAt, e.resolvedAt, e.deployment, e.environment],
      ),
      [
        ['INC-301', '2026-03-13T08:00:00Z', '2026-03-13T09:30:00Z', 'rel-2026.03.12', undefined],
        ['INC-302', '2026-03-14T22:15:00+01:00', undefined, undefined, 'production'],
        ['INC-303', '2026-03-15T10:00:00.000Z', '2026-03-15T11:00:00.000Z', undefined, 'staging'],
      ],
    );
  });

  const problems = (f: () => unknown): string[] => {
    try {
      f();
    } catch (err) {
      assert.ok(isInputError(err), String(err));
      return err instanceof InputErrors ? err.errors.map((e) => e.format()) : [err.format()];
    }
    assert.fail('expected an input error');
  };

  it('names the file, the line and what was expected for a bad CSV', () => {
    assert.deepEqual(
      problems(() => readEventFile(text('incidents-bad.csv'), 'incidents-bad.csv', hook)),
      [
        'incidents-bad.csv:3: opened_at: expected an ISO-8601 time with an offset (2026-03-01T14:05:00Z), got "yesterday"',
        'incidents-bad.csv:4: resolved_at: 2026-03-13T07:00:00Z is before opened_at 2026-03-13T08:00:00Z',
      ],
    );
    assert.match(
      problems(() => readEventFile('name,when\nx,y\n', 'i.csv', hook))[0] ?? '',
      /^i\.csv:1: the header has no id column/,
    );
    assert.match(
      problems(() => readEventFile('id,opened_at\n"INC-1,2026', 'q.csv', hook))[0] ?? '',
      /^q\.csv:2: a quoted field is not closed/,
    );
  });

  it('names the file, the line and what was expected for bad JSON', () => {
    const [bad] = problems(() => readEventFile(text('events-bad.json'), 'events-bad.json', hook));
    assert.match(
      bad ?? '',
      /^events-bad\.json:14:17: expected one of "success", "failure", got string "done" \(at events\[1\]\.status\)/,
    );
    assert.match(
      problems(() => readEventFile('{"events": [\n  {"type": "deployment",}\n]}', 'e.json', hook))[0] ?? '',
      /^e\.json:2: not JSON/,
    );
    assert.match(
      problems(() => readEventFile('[{"name": 1}]', 'x.json', hook))[0] ?? '',
      /^x\.json:1:\d+: expected the objects gh run list/,
    );
    assert.match(
      problems(() => readEventFile('"hello"', 'x.json', hook))[0] ?? '',
      /^x\.json:1: expected \{"events"/,
    );
  });
});
