/**
 * `waymark check --format junit`: JUnit XML as Azure Pipelines, GitLab and Jenkins read it. A test
 * suite per gated pillar, a test case per practice of its gated levels: a failure when it blocks
 * the gate, skipped when it does not apply, passed when met. Test names are practice ids, which
 * never change meaning, so a CI's test history follows one practice across runs.
 */
import type { PracticeResult } from '../assess/index.js';
import { type CheckReport, capitalise, type Gate, STATUS_WORDS } from './checkGate.js';

/** XML 1.0's characters: tab, line feed, carriage return and U+0020 up, bar U+FFFE, U+FFFF and lone surrogates. */
function xmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
}

/** Characters XML cannot hold even as references, written as visible `\uXXXX` escapes. */
function clean(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += s.slice(i, i + 2);
      i++;
    } else out += xmlChar(c) ? s[i] : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Text content: `]]>` and every markup character become references; so does CR, which parsers would fold. */
export function xmlText(s: string): string {
  return clean(s)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
}

/** An attribute value in double quotes; line breaks and tabs kept as references, not normalised away. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\t', '&#9;');
}

const attrs = (pairs: Record<string, string | number>) =>
  Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');

const holdsNot = (p: PracticeResult) => p.status !== 'met' && p.status !== 'not-applicable';

/** `2026-11-25T10:00:00`: the timestamp form of the JUnit schemas (no zone; the time is UTC). */
const stamp = (d: Date) => d.toISOString().slice(0, 19);

function testCase(r: CheckReport, gate: Gate, p: PracticeResult): string {
  const head = `    <testcase${attrs({ name: p.id, classname: `waymark.${gate.pillar.key}.level${p.level}`, time: 0 })}`;
  if (p.status === 'met') return `${head}/>`;
  if (p.status === 'not-applicable') {
    const reason = p.notInForce ?? p.answer?.reason ?? 'marked not applicable';
    return `${head}>\n      <skipped${attrs({ message: `Not applicable: ${reason}` })}/>\n    </testcase>`;
  }
  const practice = r.models.practice(p.id)?.practice;
  const status = STATUS_WORDS[p.status] ?? p.status;
  const body = [
    p.statement,
    '',
    `Status: ${status} (level ${p.level} of ${gate.pillar.title}; minimum ${gate.min}, reached ${gate.pillar.level}).`,
    ...(practice ? [`Why it matters: ${practice.why}`, `Next step: ${practice.nextStep}`] : []),
    ...(practice ? [`What counts as evidence: ${practice.evidence}`] : []),
    ...(p.answer?.note ? [`Note: ${p.answer.note}`] : []),
    ...(p.answer?.evidence.length ? [`Evidence given: ${p.answer.evidence.join(', ')}`] : []),
  ].join('\n');
  return `${head}>\n      <failure${attrs({ message: `${capitalise(status)}: ${p.statement}`, type: p.status })}>${xmlText(body)}</failure>\n    </testcase>`;
}

function testSuite(r: CheckReport, gate: Gate): string {
  const cases = gate.gated;
  const failures = cases.filter(holdsNot).length;
  const skipped = cases.filter((p) => p.status === 'not-applicable').length;
  const levels =
    gate.min === 0 ? 'no level required yet' : gate.min === 1 ? 'level 1' : `levels 1-${gate.min}`;
  const head = `  <testsuite${attrs({
    name: `${gate.pillar.key}: ${gate.pillar.title}, ${levels}`,
    tests: cases.length,
    failures,
    errors: 0,
    skipped,
    time: 0,
    timestamp: stamp(r.at),
  })}>`;
  const props = [
    `    <properties>`,
    `      <property${attrs({ name: 'minimum', value: gate.min })}/>`,
    `      <property${attrs({ name: 'level', value: gate.pillar.level })}/>`,
    `      <property${attrs({ name: 'model', value: `${gate.pillar.modelId} ${gate.pillar.version}` })}/>`,
    `      <property${attrs({ name: 'answers', value: r.answersFile })}/>`,
    `    </properties>`,
  ];
  return [head, ...props, ...cases.map((p) => testCase(r, gate, p)), '  </testsuite>'].join('\n');
}

export function renderJunit(r: CheckReport): string {
  const all = r.gates.flatMap((g) => g.gated);
  const head = `<testsuites${attrs({
    name: `waymark check${r.workload ? `: ${r.workload}` : ''}`,
    tests: all.length,
    failures: all.filter(holdsNot).length,
    errors: 0,
    skipped: all.filter((p) => p.status === 'not-applicable').length,
    time: 0,
  })}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${r.gates.map((g) => testSuite(r, g)).join('\n')}\n</testsuites>\n`;
}
