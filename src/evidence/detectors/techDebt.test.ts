import { ruleTester } from '../ruleTester.js';
import detector from './techDebt.js';

ruleTester(detector, [
  {
    name: 'a technical debt register',
    files: {
      'TECH_DEBT.md': '# Technical debt\n\n| Item | Cost |\n|---|---|\n| Retry logic duplicated | 2d |\n',
    },
    claims: [{ practice: 'oe.2.improvement.debt-visible', status: 'met', at: 'TECH_DEBT.md:1' }],
  },
  {
    name: 'a TODO that links the issue tracking it',
    files: {
      'src/ad/build.gradle':
        "plugins {\n    // @TODO: https://github.com/acme/shop/issues/2517\n    id 'java'\n}\n",
    },
    claims: [{ practice: 'oe.2.improvement.debt-visible', status: 'met', at: 'src/ad/build.gradle:2' }],
  },
  {
    name: 'bare TODOs and a note about debt are not tracked debt',
    trap: true,
    files: {
      'docs/notes.md': 'We have some tech debt to look at one day.\n',
      'src/app.ts': '// TODO: clean this up\nconst colour = "#fff";\nexport default colour;\n',
    },
    claims: [],
  },
]);
