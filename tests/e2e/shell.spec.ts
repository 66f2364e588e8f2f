import { test, expect, type Page } from '@playwright/test';

// Every test starts with an empty lab: no saved state in localStorage.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e-cleared')) {
      localStorage.clear();
      sessionStorage.setItem('e2e-cleared', '1');
    }
  });
});

async function openS3(page: Page) {
  await page.goto('#/s3');
  await expect(page.getByRole('heading', { level: 1, name: 'Amazon S3' })).toBeVisible();
}

// Text the terminal printed after the last echo of `line` (the log may replace its intro text).
async function outputAfter(page: Page, line: string) {
  const text = (await page.getByRole('log', { name: 'Terminal output' }).textContent()) ?? '';
  const at = text.lastIndexOf(line);
  return at < 0 ? null : text.slice(at + line.length);
}

// Types one line into the terminal and waits until the output log has echoed it.
async function run(page: Page, line: string) {
  const command = page.getByRole('textbox', { name: 'Command' });
  await command.fill(line);
  await command.press('Enter');
  await expect(command).toHaveValue('');
  await expect.poll(() => outputAfter(page, line)).not.toBeNull();
}

test('creating a bucket from the terminal prints its location and lists it in the table', async ({ page }) => {
  await openS3(page);
  const line = 'aws s3api create-bucket --bucket term-made';
  await run(page, line);
  await expect.poll(() => outputAfter(page, line)).toContain('"Location": "/term-made"');
  await expect(
    page.getByRole('table', { name: 'Buckets' }).getByRole('button', { name: 'term-made', exact: true }),
  ).toBeVisible();
});

test('a public website bucket serves its index document to curl', async ({ page }) => {
  await openS3(page);
  const log = page.getByRole('log', { name: 'Terminal output' });
  const trail = page.getByRole('table', { name: 'Trail, newest first' });
  const errorCells = trail.getByRole('cell', { name: /^Error:/ });

  const steps: [string, string | null][] = [
    ["echo '<h1>hi</h1>' > index.html", null],
    ['aws s3api create-bucket --bucket site-1', '"Location": "/site-1"'],
    [
      'aws s3api put-object --bucket site-1 --key index.html --body index.html --content-type text/html',
      'ETag',
    ],
    [
      'aws s3api put-bucket-website --bucket site-1 --website-configuration IndexDocument={Suffix=index.html}',
      null,
    ],
    [
      'aws s3api put-public-access-block --bucket site-1 --public-access-block-configuration ' +
        'BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets=false',
      null,
    ],
    [
      'aws s3api put-bucket-policy --bucket site-1 --policy ' +
        '\'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site-1/*"}]}\'',
      null,
    ],
  ];
  for (const [line, expected] of steps) {
    await run(page, line);
    if (expected) await expect.poll(() => outputAfter(page, line), `output of: ${line}`).toContain(expected);
    expect(await outputAfter(page, line), `output of: ${line}`).not.toMatch(/error|usage:|unknown/i);
    await expect(errorCells, `trail after: ${line}\n${await log.textContent()}`).toHaveCount(0);
  }

  const curl = 'curl http://site-1.s3-website-us-east-1.amazonaws.com/';
  await run(page, curl);
  await expect.poll(() => outputAfter(page, curl), `output of: ${curl}`).toContain('<h1>hi</h1>');
});
