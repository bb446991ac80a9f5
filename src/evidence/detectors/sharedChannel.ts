/**
 * A named chat channel for the workload, linked from its README or contribution guide: a link to one
 * channel (Slack archives, a Mattermost or Teams channel, a Gitter or Matrix room, a Discord invite),
 * not to a chat service's home page or a workspace that many projects share.
 */
import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, loc, present } from '../lib/helpers.js';

const P = { channel: 'oe.1.collaboration.shared-channel' };

const CHANNEL_LINK =
  /https?:\/\/[\w.-]+\.slack\.com\/(archives|messages)\/\w+|slack\.com\/app_redirect\?channel=|https?:\/\/[\w.-]+\/[\w-]+\/channels\/[\w-]+|teams\.microsoft\.com\/l\/channel\/|gitter\.im\/[\w-]+\/[\w-]+|matrix\.to\/#\/#[\w.-]+:|discord\.(gg|com\/invite)\/\w+/i;

export default defineDetector({
  meta: {
    id: 'shared-channel',
    title: 'A named channel for the workload',
    practices: Object.values(P),
    docs: 'Looks in READMEs, contribution guides, docs and Backstage catalog entries (catalog-info.yaml) for a link to one chat channel: Slack archives links, Mattermost or Teams channel links, Gitter or Matrix rooms, Discord invites (medium: that every group uses it is not visible). A link to a chat service or a shared workspace home page is not a channel.',
  },
  async detect(repo) {
    const docs = byPath(
      repo.files.filter(
        (f) =>
          /^(readme|contributing|support|community|governance)(\.[\w-]+)?\.(md|adoc|rst)$/i.test(f.name) ||
          (/^docs?\//i.test(f.path) && /\.(md|adoc|rst)$/i.test(f.name)) ||
          (/(^|\/)\.k8sci\/|(^|\/)\.github\//.test(f.path) && /\.md$/i.test(f.name)) ||
          // A service catalog entry (Backstage) links the team's channel among the component's links.
          /^catalog-info\.ya?ml$/i.test(f.name),
      ),
    );
    const hits = await grepFiles(repo, docs, CHANNEL_LINK, 600, /^(readme|contributing)/i, { max: 5 });
    if (!hits.length) return [];
    return [
      present(
        [P.channel],
        'medium',
        hits.slice(0, 5).map(loc),
        'a named chat channel is linked from the documentation',
      ),
    ];
  },
});
