import { ruleTester } from '../ruleTester.js';
import detector from './sharedChannel.js';

const P = 'oe.1.collaboration.shared-channel';

ruleTester(detector, [
  {
    name: 'a Slack channel linked from the README',
    files: {
      'README.md': '# Demo\n\nTalk to us in [#demo](https://cloud-native.slack.com/archives/C03B4CWV4DA).\n',
    },
    claims: [{ practice: P, status: 'met', confidence: 'medium', at: 'README.md:3' }],
  },
  {
    name: 'a Mattermost channel in an operations README',
    files: {
      '.k8sci/README.md':
        '- notify on [s/app/notifs](https://mattermost.example.org/default/channels/app-notifs)\n',
    },
    claims: [{ practice: P, status: 'met', at: '.k8sci/README.md:1' }],
  },
  {
    name: 'links to chat workspaces and articles about chat are not a channel (trap)',
    trap: true,
    files: {
      'README.md':
        '- [HangOps](https://hangops.slack.com/)\n- [Why Slack](https://slack.com/blog/productivity)\n- [Discord](https://discord.com)\n',
      'src/notify.js': "const url = 'https://hooks.slack.com/services/T000/B000/XXX';\n",
    },
    claims: [],
  },
  {
    name: "a Backstage catalog entry links the team's Slack channel",
    files: {
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\n  links:\n    - url: https://acme.slack.com/app_redirect?channel=orders-help\n      title: "#orders-help on Slack"\n',
    },
    claims: [{ practice: 'oe.1.collaboration.shared-channel', status: 'met', at: 'catalog-info.yaml:6' }],
  },
  {
    name: 'a catalog entry linking only the Slack home page names no channel',
    trap: true,
    files: {
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\n  links:\n    - url: https://slack.com\n',
    },
    claims: [],
  },
]);
