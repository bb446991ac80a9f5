/**
 * `waymark scan --format sarif`: an alert per practice the scan found not met or only partly met,
 * at the first file of its evidence, or at the stated stand-in place when a practice is not met
 * because something is absent. Practices the scan found met, or has nothing to say about, get no
 * alert, so their earlier alerts close.
 */
import type { PracticeSuggestion, ScanResult } from '../evidence/index.js';
import type { ModelSet } from '../model/index.js';
import { renderSarif, type SarifAlert, type SarifPlace } from './sarif.js';

/** What the SARIF rendering of a scan needs beyond the scan itself. */
export interface ScanSarifInput {
  readonly toolVersion: string;
  /** Where each alert of `scanAlertPractices` sits; see src/cli/evidencePlaces.ts. */
  readonly places: ReadonlyMap<string, SarifPlace>;
}

/** The suggestions that become alerts. */
export function scanAlertPractices(suggestions: readonly PracticeSuggestion[]): PracticeSuggestion[] {
  return suggestions.filter((s) => s.status !== 'met');
}

export function scanAlerts(
  result: ScanResult,
  models: ModelSet,
  places: ReadonlyMap<string, SarifPlace>,
): SarifAlert[] {
  return scanAlertPractices(result.suggestions).flatMap((s) => {
    const ref = models.practice(s.practiceId);
    const place = places.get(s.practiceId);
    if (!ref || !place) return [];
    const found = s.status === 'partial' ? 'Partly met' : 'Not met';
    const message = [
      `${found}, by the repository's evidence: ${ref.practice.statement}`,
      `${s.summary} (${s.detector}, ${s.confidence} confidence).`,
      `Next step: ${ref.practice.nextStep}`,
      place.placeholder
        ? `The scan found nothing to point at, so the alert sits on ${place.path}, where the practice is answered.`
        : '',
      'A scan only suggests: a person confirms the answer in the assessment file.',
    ];
    return [{ practiceId: s.practiceId, message: message.filter(Boolean).join(' '), place }];
  });
}

export function renderScanSarif(result: ScanResult, models: ModelSet, input: ScanSarifInput): string {
  return renderSarif({
    kind: 'scan',
    models,
    toolVersion: input.toolVersion,
    alerts: scanAlerts(result, models, input.places),
  });
}
