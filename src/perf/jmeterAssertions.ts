/**
 * The assertion results of one XML JTL sample, as JMeter writes them:
 *
 *     <httpSample ... s="false" rc="200" rm="OK">
 *       <assertionResult>
 *         <name>Response Assertion</name>
 *         <failure>true</failure>
 *         <error>false</error>
 *         <failureMessage>Test failed: text expected to contain /ok/</failureMessage>
 *       </assertionResult>
 *     </httpSample>
 *
 * The message kept is the first of an assertion that failed or erred, which is what JMeter's CSV
 * output writes in its failureMessage column. Only the sample's own assertions count, not those of
 * its sub-results.
 */
export class AssertionReader {
  private sampleDepth = -1;
  /** The assertionResult being read: its flags and message so far. */
  private current: { failed: boolean; message: string } | undefined;
  /** The child of assertionResult whose text is being read. */
  private field: 'failure' | 'error' | 'failureMessage' | undefined;
  private fieldText = '';
  private found: string | undefined;

  /** A top-level sample opened at `depth`; its assertions sit one level below. */
  sampleAt(depth: number): void {
    this.reset();
    this.sampleDepth = depth;
  }

  reset(): void {
    this.current = undefined;
    this.field = undefined;
    this.fieldText = '';
    this.found = undefined;
  }

  open(name: string, depth: number): void {
    if (depth === this.sampleDepth + 1 && name === 'assertionResult')
      this.current = { failed: false, message: '' };
    else if (this.current && depth === this.sampleDepth + 2 && isField(name)) {
      this.field = name;
      this.fieldText = '';
    }
  }

  text(value: string): void {
    if (this.field) this.fieldText += value;
  }

  close(depth: number): void {
    if (this.field && depth === this.sampleDepth + 2) {
      const text = this.fieldText.trim();
      if (this.current) {
        if (this.field === 'failureMessage') this.current.message = text;
        else if (text === 'true') this.current.failed = true;
      }
      this.field = undefined;
    } else if (this.current && depth === this.sampleDepth + 1) {
      if (this.found === undefined && this.current.failed && this.current.message !== '')
        this.found = this.current.message;
      this.current = undefined;
    }
  }

  /** The first failing assertion's message, if the sample had one. */
  message(): string | undefined {
    return this.found;
  }
}

const isField = (name: string): name is 'failure' | 'error' | 'failureMessage' =>
  name === 'failure' || name === 'error' || name === 'failureMessage';
