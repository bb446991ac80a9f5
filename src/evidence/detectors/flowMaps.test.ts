import { ruleTester } from '../ruleTester.js';
import detector from './flowMaps.js';

const SEQ = (title: string, from: string, to: string) =>
  `## ${title}\n\n\`\`\`mermaid\nsequenceDiagram\n    participant client\n    participant ${from}\n    participant ${to}\n    client ->> ${from}: POST /orders\n    ${from} ->> ${to}: insert order\n\`\`\`\n`;

ruleTester(detector, [
  {
    name: 'Mermaid sequence diagrams of two flows through the API and its stores',
    files: {
      'docs/flows.md': `# Flows\n\n${SEQ('Place an order', 'orders api', 'postgres')}\n${SEQ('Send receipts', 'worker', 'ses queue')}`,
    },
    claims: [
      {
        practice: 'pe.2.critical-flows.mapped',
        status: 'partial',
        confidence: 'low',
        at: ['docs/flows.md:5', 'docs/flows.md:16'],
      },
      {
        practice: 'pe.2.critical-flows.inventory',
        status: 'partial',
        at: ['docs/flows.md:5', 'docs/flows.md:16'],
      },
    ],
  },
  {
    name: 'a README shows an architecture picture that is in the tree',
    files: {
      'README.md': '# Shop\n\nHow it fits together:\n\n![Architecture Diagram](./images/architecture.png)\n',
      'images/architecture.png': 'PNG',
    },
    claims: [{ practice: 'pe.2.critical-flows.mapped', status: 'partial', at: 'README.md:5' }],
  },
  {
    name: 'HTML pictures named for flows in a README list the flows they draw',
    files: {
      'README.md':
        '# Cohorts\n\n<img src=".docs/img/count_flow.png" alt="count-flow">\n\n<img src=".docs/img/create_flow.png" alt="create-flow">\n',
      '.docs/img/count_flow.png': 'PNG',
      '.docs/img/create_flow.png': 'PNG',
    },
    claims: [
      { practice: 'pe.2.critical-flows.mapped', status: 'partial', at: ['README.md:3', 'README.md:5'] },
      { practice: 'pe.2.critical-flows.inventory', status: 'partial' },
    ],
  },
  {
    name: 'a PlantUML sequence diagram in its own file',
    files: {
      'docs/checkout.puml':
        '@startuml\nactor Shopper\nparticipant "Checkout service" as C\ndatabase Orders\nShopper -> C : pay\nC -> Orders : save\n@enduml\n',
    },
    claims: [{ practice: 'pe.2.critical-flows.mapped', status: 'partial', at: 'docs/checkout.puml:1' }],
  },
  {
    trap: true,
    name: 'a diagram of the delivery pipeline shows how code ships, not a request flow',
    files: {
      'docs/delivery.md':
        '# Delivery\n\n```mermaid\nsequenceDiagram\n  participant developer\n  participant GitHub\n  participant Cloud Build\n  participant Artifact Registry\n  developer ->> GitHub: push to main\n  GitHub ->> Cloud Build: build image\n  Cloud Build ->> Artifact Registry: push image\n```\n',
    },
    claims: [],
  },
  {
    trap: true,
    name: 'pictures named for flows in product documentation, and a missing architecture picture',
    files: {
      'docs/surveys/cancel.md':
        '# Cancel flow\n\n![Create a cancel flow](../images/create-cancel-flow.png)\n',
      'docs/images/create-cancel-flow.png': 'PNG',
      'README.md': '# App\n\n![Architecture](docs/architecture.png)\n',
    },
    claims: [],
  },
  {
    trap: true,
    name: 'a Mermaid class diagram and a two-box flowchart map no flow',
    files: {
      'docs/model.md':
        '```mermaid\nclassDiagram\n  Order --> Line\n  Order --> Customer\n  Order --> Payment\n```\n\n```mermaid\nflowchart LR\n  A[Web] --> B[API]\n```\n',
    },
    claims: [],
  },
]);
