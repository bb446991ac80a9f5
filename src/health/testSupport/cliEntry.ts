/**
 * A `waymark` with only the health commands, for end-to-end tests until main.ts registers them.
 * Mirrors main.ts: commander errors and InputErrors become exit codes the same way.
 */
import { Command } from 'commander';
import { registerHealthCommands } from '../../cli/commands/health.js';
import { reportFailure } from '../../cli/exitCodes.js';

const program = new Command('waymark').exitOverride();
registerHealthCommands(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportFailure(err);
}
