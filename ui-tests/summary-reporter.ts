import type { FullResult, Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';

/**
 * Prints one plain `N passed, N failed, N skipped` line (tests/run.mjs reads it). A run that fails outside
 * any test (the lab does not start, a file does not load) counts as one failure, so it cannot read as green.
 */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = { passed: 0, failed: 0, skipped: 0 };
  private errorsOutsideTests = 0;

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    if (result.status === 'passed') this.outcomes.passed++;
    else if (result.status === 'skipped') this.outcomes.skipped++;
    else this.outcomes.failed++;
  }

  onError(_error: TestError): void {
    this.errorsOutsideTests++;
  }

  onEnd(result: FullResult): void {
    const { passed, skipped } = this.outcomes;
    let { failed } = this.outcomes;
    if (failed === 0 && (this.errorsOutsideTests > 0 || result.status !== 'passed')) failed = 1;
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
