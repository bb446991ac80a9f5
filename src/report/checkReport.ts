/**
 * The `waymark check` report: the CI gate per pillar (the level reached against a minimum) and
 * the practices that keep it shut, as text, JSON, a pull-request comment, SARIF or JUnit XML.
 */
import { blockingPractices, type CheckReport, capitalise, checkPassed, STATUS_WORDS } from './checkGate.js';
import { renderCheckMarkdown } from './checkMarkdown.js';
import type { CheckFormat } from './formats.js';
import { renderJunit } from './junit.js';
import { renderSarif, type SarifAlert } from './sarif.js';

function renderText(r: CheckReport): string {
  const lines: string[] = [];
  for (const g of r.gates) {
    lines.push(`${g.pass ? 'ok  ' : 'FAIL'} ${g.pillar.key}: level ${g.pillar.level}, minimum ${g.min}`);
    if (!g.pass) for (const b of g.blocking) lines.push(`  ${b.id} (level ${b.level}) is ${b.status}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderJson(r: CheckReport): string {
  const pillars = r.gates.map((g) => ({
    key: g.pillar.key,
    min: g.min,
    level: g.pillar.level,
    pass: g.pass,
    blocking: g.blocking.map((b) => ({ id: b.id, level: b.level, status: b.status })),
  }));
  return `${JSON.stringify({ pass: checkPassed(r), pillars }, null, 2)}\n`;
}

/** The check's SARIF: an `error` alert per blocking practice, since each one fails the gate. */
export function checkAlerts(r: CheckReport): SarifAlert[] {
  return blockingPractices(r).flatMap(({ practice, gate }) => {
    const place = r.places.get(practice.id);
    if (!place) return [];
    const ref = r.models.practice(practice.id);
    const status = STATUS_WORDS[practice.status] ?? practice.status;
    const message = [
      `${capitalise(status)}: ${practice.statement}`,
      `It keeps ${gate.pillar.title} below its minimum level ${gate.min} (reached: ${gate.pillar.level}; this practice is at level ${practice.level}).`,
      ref ? `Next step: ${ref.practice.nextStep}` : '',
      place.placeholder
        ? `No file in the repository holds evidence for it, so the alert sits on its answer in ${place.path}.`
        : '',
    ];
    return [{ practiceId: practice.id, message: message.filter(Boolean).join(' '), place, level: 'error' }];
  });
}

/** One renderer per check format; a format of the map without one here does not compile. */
export const CHECK_RENDERERS: Record<CheckFormat, (report: CheckReport) => string> = {
  text: renderText,
  json: renderJson,
  md: (r) => renderCheckMarkdown(r),
  sarif: (r) =>
    renderSarif({
      kind: 'check',
      models: r.models,
      toolVersion: r.toolVersion,
      alerts: checkAlerts(r),
      properties: {
        pass: checkPassed(r),
        gates: r.gates.map((g) => ({ pillar: g.pillar.key, minimum: g.min, level: g.pillar.level })),
      },
    }),
  junit: (r) => renderJunit(r),
};

export function renderCheck(format: CheckFormat, report: CheckReport): string {
  return CHECK_RENDERERS[format](report);
}
