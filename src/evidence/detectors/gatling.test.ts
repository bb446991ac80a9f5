import { ruleTester } from '../ruleTester.js';
import detector from './gatling.js';

const SIM = `import io.gatling.core.Predef._
import io.gatling.http.Predef._

class ShopSimulation extends Simulation {
  setUp(scn.inject(rampUsers(100).during(60))).assertions(global.responseTime.percentile(95).lt(300))
}
`;

ruleTester(detector, [
  {
    name: 'a simulation with assertions; a single ramp is not another test type',
    files: { 'src/test/scala/ShopSimulation.scala': SIM },
    claims: [
      {
        practice: 'pe.3.baseline-tests.load-tests',
        status: 'met',
        at: 'src/test/scala/ShopSimulation.scala:1',
      },
      {
        practice: 'pe.3.baseline-tests.acceptance',
        status: 'met',
        at: 'src/test/scala/ShopSimulation.scala:5',
      },
    ],
  },
  {
    name: 'a stress simulation is another test type',
    files: {
      'src/test/scala/stress/StressSimulation.scala': SIM.replace('ShopSimulation', 'StressSimulation'),
    },
    claims: [
      { practice: 'pe.3.baseline-tests.load-tests', status: 'met' },
      { practice: 'pe.3.baseline-tests.acceptance', status: 'met' },
      {
        practice: 'pe.3.baseline-tests.test-types',
        status: 'partial',
        at: 'src/test/scala/stress/StressSimulation.scala:5',
      },
    ],
  },
  {
    name: 'code that reads Gatling reports is not a simulation',
    trap: true,
    files: { 'src/main/scala/Report.scala': '// reads gatling reports\nobject Report\n' },
    claims: [],
  },
]);
