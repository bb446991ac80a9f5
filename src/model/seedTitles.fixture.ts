/** From the seed documents: level names, strategy titles, and [risks, trade-offs] callouts per strategy. */
export const SEED_LEVELS: Record<string, { name: string; strategies: [string, number, number][] }[]> = {
  oe: [
    {
      name: 'DevOps foundation',
      strategies: [
        ['Encourage collaboration and foster a blameless culture', 0, 0],
        ['Adopt standard collaboration methodologies and tools', 0, 0],
        ['Set up source control processes', 0, 0],
        ['Use infrastructure as code (IaC) as your primary deployment approach', 1, 0],
        ['Prioritize security from the start', 1, 0],
      ],
    },
    {
      name: 'Process standardization',
      strategies: [
        ['Define team roles and decision-making responsibilities', 1, 0],
        ['Strive to make improvements, no matter how small', 0, 0],
        ['Standardize foundational processes', 1, 0],
        ['Buy tools instead of building custom tools', 1, 0],
        ['Adopt automation across the workload', 1, 1],
        [
          'Extend your infrastructure-as-code experience to configure your infrastructure and manage your applications',
          1,
          0,
        ],
        ["Define your workload's deployment strategy", 0, 0],
        ['Design the workload monitoring stack', 2, 0],
      ],
    },
    {
      name: 'Release readiness',
      strategies: [
        ['Use separate environments for promoting releases', 0, 0],
        ['Perform sufficient testing', 0, 1],
        ['Automate testing and other quality checks when possible', 0, 0],
        ['Set up approval processes', 0, 0],
        ['Implement automated deployments', 0, 0],
        ['Develop a health model', 0, 0],
        ['Set up your incident management process', 0, 0],
      ],
    },
    {
      name: 'Change management',
      strategies: [
        ['Use safe deployment practices', 0, 1],
        ['Optimize build operations', 0, 0],
        ['Validate incident response processes', 0, 0],
        ['Optimize operations using monitoring data from production', 0, 0],
        ['Automate maintenance', 0, 0],
        ['Bring efficiency by aligning tools and processes with organizational standards', 0, 0],
        ['Manage technical debt at a regular cadence', 0, 0],
      ],
    },
    {
      name: 'Future adaptability',
      strategies: [
        ['Spot rearchitecture opportunities based on observed growth and future potential', 0, 0],
        ['Use automation to further reduce friction', 0, 0],
        ['Create developer environments per feature or change', 0, 0],
        ['Share knowledge, contribute to organizational maturity', 0, 0],
        ["Enable self-service capabilities to your workload's various job functions", 0, 0],
      ],
    },
  ],
  pe: [
    {
      name: 'Set targets',
      strategies: [
        ['Gather requirements and define workload performance targets', 0, 0],
        ['Choose appropriate networking resources', 1, 0],
        ['Choose appropriate compute resources', 0, 1],
        ['Choose appropriate data store services', 0, 1],
      ],
    },
    {
      name: 'Baseline metrics',
      strategies: [
        ['Identify critical flows from a performance perspective', 0, 0],
        [
          'Establish key metrics for your workload resources and components that help you meet your targets',
          0,
          0,
        ],
        ['Perform your initial capacity planning exercise', 1, 0],
        ['Investigate design patterns to support performance efficiency', 0, 1],
        ['Optimize code performance', 0, 0],
        ['Collect and monitor performance data for resources across your workload', 1, 0],
      ],
    },
    {
      name: 'Incorporate signals',
      strategies: [
        ['Implement robust performance monitoring and alerting to detect performance problems', 0, 0],
        ['Evaluate and adjust performance targets continuously based on feedback', 0, 0],
        ['Perform performance analysis and capacity planning intelligently', 0, 1],
        ['Optimize your scaling strategy', 0, 0],
        ['Optimize data management', 0, 0],
        ['Conduct performance tests and compare the results against a baseline', 1, 1],
        ['Adopt a business-driven mindset to drive performance efficiency', 0, 0],
      ],
    },
    {
      name: 'Learn and adjust',
      strategies: [
        ['Uplift your performance monitoring and testing', 0, 1],
        ['Implement advanced data management optimizations', 0, 0],
        ['Optimize critical flows through isolation', 0, 1],
        ['Extend code optimizations that you derive from production experience', 0, 0],
        ['Optimize operational tasks', 0, 0],
        ['Evaluate new platform features that enhance performance', 0, 2],
        ['Prioritize optimization efforts', 0, 0],
      ],
    },
    {
      name: 'Tune continuously',
      strategies: [
        ['Optimize performance through experimentation', 0, 0],
        ['Optimize deployment and feature releases', 0, 0],
        ['Optimize monitoring and debugging processes', 0, 0],
        ['Expand operations automation', 0, 0],
      ],
    },
  ],
};
