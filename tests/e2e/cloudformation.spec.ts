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

async function openCloudFormation(page: Page) {
  await page.goto('#/cloudformation');
  await expect(page.getByRole('heading', { level: 1, name: 'AWS CloudFormation' })).toBeVisible();
}

test('a sample validates, creates, and its graph turns complete as the clock moves', async ({ page }) => {
  await openCloudFormation(page);
  await page.getByRole('button', { name: /^Queue/ }).click();
  await expect(page.getByRole('textbox', { name: 'Template body (YAML or JSON)' })).toHaveValue(/AWS::SQS::Queue/);

  await page.getByRole('button', { name: 'Validate template' }).click();
  await expect(page.locator('#template-verdict')).toContainText('Template is valid.');

  const form = page.getByRole('form', { name: 'Create stack' });
  await expect(form.getByRole('textbox', { name: 'Stack name' })).toHaveValue('jobs');
  await form.getByRole('button', { name: 'Create stack' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /Stack jobs/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Stacks' })).toContainText('CREATE_IN_PROGRESS');

  const diagram = page.getByRole('group', { name: 'Diagram: AWS CloudFormation stacks' });
  await expect(diagram.getByRole('button', { name: /WorkQueue · Queue, (Not started|CREATE_IN_PROGRESS)/ })).toBeVisible();

  await page.getByRole('button', { name: 'Advance the clock +1 min' }).click();
  await expect(page.getByRole('table', { name: 'Stacks' })).toContainText('CREATE_COMPLETE');
  await expect(diagram.getByRole('button', { name: 'resource WorkQueue · Queue, CREATE_COMPLETE' })).toBeVisible();
  await expect(diagram.getByRole('button', { name: 'resource DeadLetterQueue · Queue, CREATE_COMPLETE' })).toBeVisible();

  // A node's details: physical id and events.
  await diagram.getByRole('button', { name: /resource WorkQueue/ }).click();
  const details = page.locator('.diagram-details');
  await expect(details).toContainText('Physical ID');
  await expect(details).toContainText('https://sqs.');

  // Resources and outputs tabs.
  await page.getByRole('tab', { name: 'Resources' }).click();
  await expect(page.getByRole('table', { name: 'Resources' })).toContainText('AWS::SQS::Queue');
  await page.getByRole('tab', { name: 'Outputs' }).click();
  await expect(page.getByRole('table', { name: 'Outputs' })).toContainText('QueueURL');

  // Delete, with a confirmation.
  await page.getByRole('button', { name: 'Delete stack' }).click();
  await page.getByRole('button', { name: 'Yes, delete jobs' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /Stack jobs/ })).toContainText('DELETE_IN_PROGRESS');
});

test('a broken template shows the line and column of its error', async ({ page }) => {
  await openCloudFormation(page);
  const editor = page.getByRole('textbox', { name: 'Template body (YAML or JSON)' });
  await editor.fill('Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Nowhere\n');
  await page.getByRole('button', { name: 'Validate template' }).click();
  const verdict = page.locator('#template-verdict');
  await expect(verdict).toContainText('ValidationError');
  await expect(verdict).toContainText('Unresolved resource dependencies [Nowhere]');
  await expect(verdict.locator('.cfn-place')).toHaveText(/Line 5, column \d+:/);
  await expect(page.locator('.cfn-gutter .bad')).toHaveText('5');
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
});

test('an IAM template needs its capability acknowledged', async ({ page }) => {
  await openCloudFormation(page);
  await page.getByRole('button', { name: /^IAM role/ }).click();
  const form = page.getByRole('form', { name: 'Create stack' });
  await form.getByRole('button', { name: 'Create stack' }).click();
  await expect(form.getByRole('alert')).toContainText('InsufficientCapabilities');
  await form.getByRole('checkbox', { name: 'CAPABILITY_IAM', exact: true }).check();
  await form.getByRole('button', { name: 'Create stack' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /Stack roles/ })).toBeVisible();
  await page.getByRole('button', { name: 'Advance the clock +5 min' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /Stack roles/ })).toContainText('CREATE_COMPLETE');
});

test('drift: a bucket changed in the terminal shows as MODIFIED with its difference', async ({ page }) => {
  await openCloudFormation(page);
  await page.getByRole('button', { name: /^S3 bucket with versioning/ }).click();
  await page.getByRole('form', { name: 'Create stack' }).getByRole('button', { name: 'Create stack' }).click();
  await page.getByRole('button', { name: 'Advance the clock +1 min' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /Stack website/ })).toContainText('CREATE_COMPLETE');

  // Suspend the stack's bucket's versioning through S3 itself, in the terminal.
  await page.getByRole('tab', { name: 'Resources' }).click();
  const bucket = (await page.getByRole('table', { name: 'Resources' }).getByRole('row', { name: /SiteBucket / }).getByRole('cell').nth(1).innerText()).trim();
  const terminal = page.getByRole('textbox', { name: 'Command' });
  await terminal.fill(`aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Suspended`);
  await terminal.press('Enter');

  await page.getByRole('tab', { name: 'Drift' }).click();
  await expect(page.getByText('Drift has not been checked yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Detect drift' }).click();
  await expect(page.getByText(/DETECTION_IN_PROGRESS/)).toBeVisible();
  await page.getByRole('button', { name: 'Advance the clock +10 s' }).click();
  await expect(page.getByText(/the stack is DRIFTED, 1 drifted resource/)).toBeVisible();
  const drift = page.getByRole('table', { name: 'Resource drift' });
  await expect(drift.getByRole('row', { name: /SiteBucket / })).toContainText('MODIFIED');
  await expect(drift.getByRole('row', { name: /SiteBucket / })).toContainText('/VersioningConfiguration/Status NOT_EQUAL: expected Enabled, actual Suspended');
});
