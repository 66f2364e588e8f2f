import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// Every test starts with an empty lab and no progress.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e-cleared')) {
      localStorage.clear();
      sessionStorage.setItem('e2e-cleared', '1');
    }
  });
});

async function run(page: Page, line: string) {
  const input = page.getByRole('textbox', { name: 'Command' });
  await input.fill(line);
  await input.press('Enter');
  await expect(page.getByRole('log', { name: 'Terminal output' })).toContainText(line.slice(0, 40));
}

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  );
}

/** Picks the first choice (or the first N for a "choose N" question) and checks the answer. */
async function answerFirstChoices(page: Page) {
  const quiz = page.locator('section.quiz');
  const legend = await quiz.locator('legend').innerText();
  const n = /Choose (\d+) answers/.exec(legend)?.[1];
  if (n) {
    const boxes = quiz.getByRole('checkbox');
    for (let i = 0; i < Number(n); i++) await boxes.nth(i).check();
  } else {
    await quiz.getByRole('radio').first().check();
  }
  await quiz.getByRole('button', { name: 'Check answer' }).click();
}

test('a wrong practice answer explains itself and comes back in review', async ({ page }) => {
  await page.goto('#/learn/quiz');
  await expect(page.getByRole('heading', { level: 1, name: 'Practice' })).toBeVisible();

  // Practice opens on the first service (by name) with a page: CloudFormation, whose bank holds 34.
  await expect(page.getByRole('combobox', { name: 'Service' })).toHaveValue('cloudformation');
  let missedPrompt = '';
  for (let i = 0; i < 34 && !missedPrompt; i++) {
    await expect(page.getByRole('heading', { name: `Question ${i + 1} of 34` })).toBeVisible();
    const prompt = await page.locator('section.quiz .prompt-text').innerText();
    await answerFirstChoices(page);
    const feedback = page.locator('.feedback');
    await expect(feedback).toBeVisible();
    if ((await feedback.locator('.verdict').innerText()).includes('Not quite')) {
      missedPrompt = prompt;
      // Why each wrong choice is wrong, and where to read and try more.
      await expect(feedback.getByText('Your choice, wrong').first()).toBeVisible();
      await expect(feedback.getByText('Correct answer').first()).toBeVisible();
      await expect(feedback.getByRole('link', { name: 'Read the AWS documentation' })).toHaveAttribute(
        'href',
        /^https:\/\/(docs\.)?aws\.amazon\.com\//,
      );
      await expect(feedback.getByRole('link', { name: 'Try it in the simulator' })).toHaveAttribute('href', /^#\//);
    } else {
      await page.getByRole('button', { name: /Next question|See your score/ }).click();
    }
  }
  expect(missedPrompt).not.toBe('');

  await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'Learn' }).click();
  await page.getByRole('link', { name: 'Review' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
  await expect(page.getByText('1 question to review.')).toBeVisible();
  await expect(page.locator('section.quiz .prompt-text')).toHaveText(missedPrompt);
});

test('finishing a lab in the terminal ticks the checklist and records it', async ({ page }) => {
  await page.goto('#/learn/labs');
  await page.getByRole('link', { name: 'Recover a deleted file' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Recover a deleted file' })).toBeVisible();
  await page.getByRole('button', { name: 'Start the lab' }).click();
  await expect(page.getByRole('heading', { name: 'Goals: 1 of 3 done' })).toBeVisible();

  await page.getByRole('button', { name: 'Show a hint (3 left)' }).click();
  await expect(page.getByText('Nothing is really gone in a versioned bucket.')).toBeVisible();

  await run(page, 'aws s3api list-object-versions --bucket team-handbook');
  const out = await page.locator('.term-out').last().innerText();
  const marker = JSON.parse(out).DeleteMarkers[0].VersionId as string;
  await expect(page.getByRole('heading', { name: 'Goals: 1 of 3 done' })).toBeVisible();

  await run(page, `aws s3api delete-object --bucket team-handbook --key policies/holidays.md --version-id ${marker}`);
  await expect(page.getByRole('heading', { name: 'Goals: 3 of 3 done' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Lab complete' })).toBeVisible();
  await expect(page.getByText('Calls used: 2 · reference solution: 2')).toBeVisible();
  await axeClean(page);

  await page.getByRole('link', { name: 'Back to the labs' }).click();
  await expect(page.getByText('Done · best 2 calls, reference 2')).toBeVisible();
  // Progress is saved: it is still there after a reload.
  await page.reload();
  await expect(page.getByText('Done · best 2 calls, reference 2')).toBeVisible();
});

test('the S3 console counts towards the lab checklist', async ({ page }) => {
  await page.goto('#/learn/lab/s3-static-website');
  await page.getByRole('button', { name: 'Start the lab' }).click();
  await expect(page.getByRole('heading', { name: 'Goals: 0 of 3 done' })).toBeVisible();
  await page.getByRole('link', { name: 'Work in the S3 console' }).click();
  const form = page.getByRole('form', { name: 'Create bucket' });
  await form.getByRole('textbox', { name: 'Bucket name' }).fill('bakery-menu-site');
  await form.getByRole('button', { name: 'Create bucket' }).click();
  const strip = page.getByRole('complementary', { name: 'Lab in progress' });
  await expect(strip).toContainText('1 of 3 goals done');
  await strip.getByRole('link', { name: 'Back to the lab' }).click();
  await expect(page.getByRole('heading', { name: 'Goals: 1 of 3 done' })).toBeVisible();
});

test('a share link opens the same world in a fresh page; a damaged one says so', async ({ page, browser }) => {
  await page.goto('#/s3');
  await run(page, 'aws s3api create-bucket --bucket shared-bucket-42');
  await page.getByRole('button', { name: 'Share this World' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toContain('#/share/1');

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByRole('heading', { level: 1, name: 'Shared World' })).toBeVisible();
  await other.getByRole('link', { name: 'Open it in the S3 console' }).click();
  await expect(
    other.getByRole('table', { name: 'Buckets' }).getByRole('button', { name: 'shared-bucket-42', exact: true }),
  ).toBeVisible();
  await expect(other.getByRole('table', { name: 'Trail, newest first' })).toContainText('CreateBucket');

  await other.goto(link.replace(/#\/share\/1.*/, '#/share/1AAAA%%%'));
  await expect(other.getByRole('heading', { level: 1, name: 'This share link cannot be opened' })).toBeVisible();
  await other.goto(link.replace('#/share/1', '#/share/7'));
  await expect(other.getByRole('alert').filter({ hasText: "format '7'" })).toBeVisible();
  await fresh.close();
});

test('an exam hides feedback until submitted, then scores per domain', async ({ page }) => {
  await page.goto('#/learn/exam');
  await page.getByRole('spinbutton', { name: 'Questions' }).fill('3');
  await page.getByRole('button', { name: 'Start the exam' }).click();
  await expect(page.getByRole('timer')).toContainText(/\d\d:\d\d/);
  const map = page.getByRole('navigation', { name: 'Question map' });
  await expect(map.getByRole('button')).toHaveCount(3);

  // The exam draws its questions at random: the first may be single-answer or "choose N".
  const quiz = page.locator('section.quiz');
  await expect(quiz.getByRole('radio').or(quiz.getByRole('checkbox')).first()).toBeVisible();
  const choice = (await quiz.getByRole('radio').count()) > 0 ? quiz.getByRole('radio') : quiz.getByRole('checkbox');
  await choice.first().check();
  await expect(page.locator('.feedback')).toHaveCount(0);
  await page.getByRole('button', { name: '⚐ Flag for review' }).click();
  await expect(map.getByRole('button', { name: 'Question 1, answered, flagged' })).toBeVisible();
  await map.getByRole('button', { name: /^Question 3/ }).click();
  await expect(page.getByRole('heading', { name: 'Question 3 of 3' })).toBeVisible();

  await page.getByRole('button', { name: 'Submit the exam' }).click();
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await expect(page.getByRole('heading', { name: /^Score: \d of 3/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Score per exam domain' })).toBeVisible();
  await expect(page.locator('.exam-review > li')).toHaveCount(3);
  await expect(page.getByText('✗ Not answered').first()).toBeVisible();
});

test('a guided demo steps with the arrow keys and marks what changed', async ({ page }) => {
  await page.goto('#/learn');
  await page.getByRole('link', { name: 'Versioning keeps every write' }).click();
  await expect(page.getByText(/^Step 1 of \d+$/)).toBeVisible();
  await expect(page.getByText(/^Changed: /)).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText(/^Step 2 of \d+$/)).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByText(/^Step 1 of \d+$/)).toBeVisible();
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.getByRole('button', { name: 'Share this step' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByText(/^Step 2 of \d+$/)).toBeVisible();
});

const viewports = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];

for (const viewport of viewports) {
  test(`quiz, lab and presenter pages at ${viewport.width}px have no serious or critical axe violations`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();

    await page.goto('#/learn/quiz');
    await expect(page.getByRole('heading', { level: 1, name: 'Practice' })).toBeVisible();
    await axeClean(page);
    await answerFirstChoices(page);
    await expect(page.locator('.feedback')).toBeVisible();
    await axeClean(page);

    await page.goto('#/learn/lab/s3-static-website');
    await page.getByRole('button', { name: 'Start the lab' }).click();
    await expect(page.getByRole('heading', { name: 'Goals: 0 of 3 done' })).toBeVisible();
    await axeClean(page);

    await page.goto('#/learn/demo/s3-versioning-keeps-every-write');
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await expect(page.locator('body')).toHaveClass(/presenter/);
    await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute('aria-pressed', 'true');
    await axeClean(page);
    await page.goto('#/learn/exam');
    await expect(page.locator('body')).toHaveClass(/presenter/);
    await axeClean(page);
    await page.keyboard.press('Escape');
    await expect(page.locator('body')).not.toHaveClass(/presenter/);
    await context.close();
  });
}
