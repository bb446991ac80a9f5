import pc from 'picocolors';

/** The few styles the text renderers use; plain when colour is off. */
export type Style = Pick<
  ReturnType<typeof pc.createColors>,
  'bold' | 'dim' | 'green' | 'yellow' | 'red' | 'cyan'
>;

export function createStyle(enabled: boolean): Style {
  return pc.createColors(enabled);
}

/**
 * Colour only on a terminal. picocolors alone would also colour piped output whenever `CI`
 * is set, which puts escape codes into logs and files.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}
