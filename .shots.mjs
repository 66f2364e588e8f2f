import { chromium } from 'playwright';
const base = 'http://127.0.0.1:8776/';
const out = process.argv[2] || '/tmp/shots';
const only = process.argv[3];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const shots = [
  ['hub', '#/learn', null],
  ['quiz', '#/learn/quiz', async (p) => {
    const q = p.locator('section.quiz');
    const legend = await q.locator('legend').innerText();
    const n = /Choose (\d+)/.exec(legend)?.[1];
    if (n) { for (let i = 0; i < +n; i++) await q.getByRole('checkbox').nth(i).check(); } else await q.getByRole('radio').first().check();
    await q.getByRole('button', { name: 'Check answer' }).click();
    await p.locator('.feedback').waitFor();
  }],
  ['exam', '#/learn/exam', async (p) => {
    await p.getByRole('button', { name: 'Start the exam' }).click();
    await p.getByRole('timer').waitFor();
  }],
  ['lab', '#/learn/lab/s3-recover-deleted-file', async (p) => {
    await p.getByRole('button', { name: 'Start the lab' }).click();
    await p.getByRole('button', { name: /Show a hint/ }).click();
  }],
  ['labs', '#/learn/labs', null],
  ['readiness', '#/learn/progress', null],
  ['demo', '#/learn/demo/s3-versioning-keeps-every-write', async (p) => {
    await p.keyboard.press('ArrowRight'); await p.keyboard.press('ArrowRight'); await p.keyboard.press('ArrowRight');
  }],
  ['presenter', '#/learn/demo/s3-versioning-keeps-every-write', async (p) => {
    await p.keyboard.press('ArrowRight'); await p.keyboard.press('ArrowRight');
    await p.getByRole('button', { name: 'Presenter mode' }).click();
  }],
  ['sharebad', '#/share/1AAAA', null],
];
for (const [scheme, vw] of [['light', 1280], ['dark', 1280], ['light', 390], ['dark', 390]]) {
  const ctx = await browser.newContext({ viewport: { width: vw, height: vw > 500 ? 900 : 844 }, colorScheme: scheme });
  for (const [name, path, act] of shots) {
    if (only && !only.split(',').includes(name)) continue;
    const p = await ctx.newPage();
    await p.goto(base + path);
    await p.locator('#page-heading').waitFor();
    if (act) await act(p);
    await p.waitForTimeout(300);
    await p.screenshot({ path: `${out}/${name}-${scheme}-${vw}.png`, fullPage: vw < 500 ? false : true });
    await p.close();
  }
  await ctx.close();
}
await browser.close();
