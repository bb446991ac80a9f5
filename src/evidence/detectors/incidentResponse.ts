import { defineDetector } from '../defineDetector.js';
import { findDocs } from '../lib/docs.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = {
  onCall: 'oe.3.incident-management.on-call',
  comms: 'oe.2.standard-processes.incident-communication',
  severity: 'pe.3.alerting.prioritized',
};

export default defineDetector({
  meta: {
    id: 'incident-response',
    title: 'Incident response and on-call documents',
    practices: Object.values(P),
    docs: 'Looks for on-call and incident response documents (on-call.md, incident-response.md, docs/incidents/process) and on-call schedules as code (PagerDuty or Opsgenie schedules in Terraform). A document that describes communication during an incident supports the communication practice; a severity scale supports prioritised incidents.',
  },
  async detect(repo) {
    const docs = await findDocs(repo, {
      name: /on-?call|incident[-_ ]?(response|management|process|communication)|escalation|severity/i,
      dir: /\/(incident-response|on-?call)\//i,
    });
    const schedules = await grepFiles(
      repo,
      repo.byExt('.tf'),
      /resource\s+"(pagerduty_(schedule|escalation_policy)|opsgenie_(schedule|team_routing_rule))"/,
    );
    const out: Claim[] = [];
    const onCall = [
      ...docs.filter((h) => /on-?call|rotation|escalat|pager/i.test(h.text)).map(loc),
      ...schedules.map(loc),
    ];
    if (onCall.length)
      out.push(
        present(
          [P.onCall],
          schedules.length ? 'high' : 'medium',
          onCall,
          schedules.length ? 'on-call schedules are kept as code' : 'an on-call rotation is documented',
        ),
      );
    const comms = docs.filter((h) => /(status (page|update)|communicat|channel|stakeholder)/i.test(h.text));
    if (comms.length)
      out.push(present([P.comms], 'medium', comms.map(loc), 'incident communication is documented'));
    const sev = docs.filter((h) => /\b(sev|severity|p)[ -]?[0-4]\b/i.test(h.text));
    if (sev.length)
      out.push(present([P.severity], 'medium', sev.map(loc), 'incidents are ranked by a severity scale'));
    return out;
  },
});
