// Progress of long commands goes to stderr: a bar on a terminal, nothing at all for work that
// finishes quickly without one (so scripts and quick runs stay silent).
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { startProgress } from '../../src/cli/progress';

function fakeStream(tty: boolean): { stream: NodeJS.WriteStream; output: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
  stream.isTTY = tty;
  stream.columns = 120;
  let text = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, output: () => text };
}

it('draws a bar with counts on a terminal', async () => {
  const { stream, output } = fakeStream(true);
  const progress = startProgress({ label: 'seed', unit: 'customers', total: 20_000, stream });
  progress.update(10_000);
  progress.update(20_000);
  progress.stop();
  await new Promise((resolve) => setImmediate(resolve));
  expect(output()).toMatch(/seed \[=+\] 100% \| 20000\/20000 customers/);
});

it('prints nothing for work that ends before the first periodic line is due, without a terminal', async () => {
  const { stream, output } = fakeStream(false);
  const progress = startProgress({ label: 'audit export', unit: 'batches', total: 0, stream, quietMs: 60_000 });
  progress.update(100, 300);
  progress.update(300, 300);
  progress.stop();
  await new Promise((resolve) => setImmediate(resolve));
  expect(output()).toBe('');
});
