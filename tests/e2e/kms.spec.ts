import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// Every test starts with an empty lab: no saved state in localStorage.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('e2e-cleared')) {
      localStorage.clear();
      sessionStorage.setItem('e2e-cleared', '1');
    }
  });
});

async function advance(page: Page, step: string) {
  await page.getByRole('group', { name: 'Move the simulated clock' }).getByRole('button', { name: step }).click();
}

/** Creates a key from the console; its detail opens. */
async function createKey(page: Page) {
  await page.goto('#/kms');
  await expect(page.getByRole('heading', { level: 1, name: 'AWS KMS' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Create key' });
  await form.getByRole('textbox', { name: 'Description' }).fill('orders database');
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('table', { name: 'Customer managed keys' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('heading', { level: 3, name: /^Key / })).toBeVisible();
}

test('a key made in the console encrypts and decrypts', async ({ page }) => {
  await createKey(page);
  const panel = page.getByRole('region', { name: 'Encrypt and decrypt' });
  await panel.getByRole('textbox', { name: /^Plaintext/ }).fill('meet at noon');
  await panel.getByRole('button', { name: 'Encrypt', exact: true }).click();
  const ciphertext = panel.getByRole('textbox', { name: 'Ciphertext (base64)' });
  await expect(ciphertext).toHaveValue(/^[A-Za-z0-9+/]{40,}={0,2}$/);
  await expect(page.locator('.cli-line code').first()).toContainText('aws kms encrypt');

  await panel.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(panel.locator('.plaintext-out')).toHaveText('meet at noon');
});

test('a disabled key refuses Encrypt with DisabledException', async ({ page }) => {
  await createKey(page);
  await page.getByRole('button', { name: 'Disable key' }).click();
  await expect(page.getByRole('region', { name: 'Key state' })).toContainText('Disabled:');
  const panel = page.getByRole('region', { name: 'Encrypt and decrypt' });
  await panel.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(panel.locator('.call-error')).toContainText('Encrypt failed: DisabledException');
  await expect(panel.locator('.call-error')).toContainText('is disabled.');

  await page.getByRole('button', { name: 'Enable key' }).click();
  await panel.getByRole('button', { name: 'Encrypt', exact: true }).click();
  await expect(panel.locator('.call-error')).toHaveCount(0);
});

test('a year on the clock adds a rotation to the key timeline', async ({ page }) => {
  await createKey(page);
  await page.getByRole('button', { name: 'Enable automatic rotation' }).click();
  const timeline = page.getByRole('group', { name: 'Diagram: KMS key timeline' });
  await expect(timeline.getByRole('button', { name: /^next rotation Next rotation, 2027-01-01/ })).toBeVisible();
  await expect(timeline.getByRole('button', { name: /^rotation / })).toHaveCount(0);

  await advance(page, '+1 year');
  await expect(timeline.getByRole('button', { name: 'rotation Rotated · v2, 2027-01-01' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Key rotation' })).toContainText('2 key material version(s)');
});

test('scheduling deletion shows the date, and cancelling leaves the key disabled', async ({ page }) => {
  await createKey(page);
  const deletion = page.getByRole('region', { name: 'Key deletion' });
  await deletion.getByRole('spinbutton', { name: /Waiting period/ }).fill('7');
  await deletion.getByRole('button', { name: 'Schedule key deletion' }).click();
  await deletion.getByRole('button', { name: 'Yes, schedule deletion' }).click();
  await expect(deletion).toContainText('deleted on 2026-01-08 00:00');
  const timeline = page.getByRole('group', { name: 'Diagram: KMS key timeline' });
  await expect(timeline.getByRole('button', { name: 'planned deletion Deleted on, 2026-01-08' })).toBeVisible();

  await deletion.getByRole('button', { name: 'Cancel key deletion' }).click();
  await expect(page.getByRole('region', { name: 'Key state' })).toContainText('Disabled:');
  await expect(timeline.getByRole('button', { name: /^deletion cancelled/ })).toBeVisible();
  await expect(timeline.getByRole('button', { name: /^planned deletion/ })).toHaveCount(0);
});

test('a CloudHSM cluster gets two HSMs that become ACTIVE as the clock moves', async ({ page }) => {
  await page.goto('#/cloudhsm');
  await expect(page.getByRole('heading', { level: 1, name: 'AWS CloudHSM' })).toBeVisible();
  await page.getByRole('form', { name: 'Create cluster' }).getByRole('button', { name: 'Create cluster' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /^Cluster cluster-/ })).toBeVisible();
  await advance(page, '+1 hour');

  const addHsm = page.getByRole('form', { name: 'Add HSM' });
  await addHsm.getByRole('button', { name: 'Add HSM' }).click();
  const hsms = page.getByRole('table', { name: /^HSMs in cluster-/ });
  await expect(hsms.getByRole('cell', { name: 'CREATE_IN_PROGRESS', exact: true })).toHaveCount(1);
  await advance(page, '+1 hour');
  await expect(hsms.getByRole('cell', { name: 'ACTIVE', exact: true })).toHaveCount(1);

  await page.getByRole('button', { name: 'Sign the CSR and initialize' }).click();
  await advance(page, '+1 hour');
  await addHsm.getByRole('combobox', { name: 'Availability Zone' }).selectOption('us-east-1b');
  await addHsm.getByRole('button', { name: 'Add HSM' }).click();
  await expect(hsms.getByRole('cell', { name: 'CREATE_IN_PROGRESS', exact: true })).toHaveCount(1);
  await advance(page, '+1 hour');
  await expect(hsms.getByRole('cell', { name: 'ACTIVE', exact: true })).toHaveCount(2);
  await expect(hsms.getByRole('cell', { name: 'us-east-1b', exact: true })).toBeVisible();

  const diagram = page.getByRole('group', { name: 'Diagram: AWS CloudHSM' });
  await expect(diagram.getByRole('button', { name: /^hsm hsm-.*, ACTIVE$/ })).toHaveCount(2);
  await expect(page.getByRole('table', { name: /^Backups of cluster-/ }).getByRole('row')).not.toHaveCount(0);
});

test('a KMS key created in a CloudHSM key store has its material in the cluster', async ({ page }) => {
  await page.goto('#/cloudhsm');
  await page.getByRole('form', { name: 'Create cluster' }).getByRole('button', { name: 'Create cluster' }).click();
  await advance(page, '+1 hour');
  const addHsm = page.getByRole('form', { name: 'Add HSM' });
  await addHsm.getByRole('button', { name: 'Add HSM' }).click();
  await advance(page, '+1 hour');
  await page.getByRole('button', { name: 'Sign the CSR and initialize' }).click();
  await advance(page, '+1 hour');
  await page.getByRole('button', { name: 'Activate cluster' }).click();
  await page.getByRole('button', { name: 'Create kmsuser crypto user' }).click();
  await expect(page.getByRole('region', { name: 'Inside the HSMs (cloudhsm-cli)' })).toContainText('kmsuser (crypto-user)');

  // One ACTIVE HSM is not enough for a key store.
  const stores = page.getByRole('region', { name: 'KMS custom key stores' });
  await stores.getByRole('button', { name: 'Create key store' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'CloudHsmClusterInvalidConfigurationException' }).first()).toBeVisible();

  await addHsm.getByRole('combobox', { name: 'Availability Zone' }).selectOption('us-east-1b');
  await addHsm.getByRole('button', { name: 'Add HSM' }).click();
  await advance(page, '+1 hour');
  await stores.getByRole('button', { name: 'Create key store' }).click();
  const table = stores.getByRole('table', { name: 'Custom key stores' });
  await expect(table.getByRole('cell', { name: 'DISCONNECTED', exact: true })).toBeVisible();
  await table.getByRole('button', { name: 'Connect hsm-store' }).click();
  await expect(table.getByRole('cell', { name: 'CONNECTING', exact: true })).toBeVisible();
  await advance(page, '+1 hour');
  await expect(table.getByRole('cell', { name: 'CONNECTED', exact: true })).toBeVisible();

  await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'KMS' }).click();
  await page.getByRole('combobox', { name: 'Origin' }).selectOption('AWS_CLOUDHSM');
  await expect(page.getByRole('combobox', { name: 'Custom key store' })).toContainText('hsm-store');
  await page.getByRole('form', { name: 'Create key' }).getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('heading', { level: 3, name: /^Key / })).toBeVisible();
  await expect(page.locator('.key-detail .facts')).toContainText('AWS_CLOUDHSM');

  await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'CloudHSM' }).click();
  const diagram = page.getByRole('group', { name: 'Diagram: AWS CloudHSM' });
  await expect(diagram.getByRole('button', { name: /^kms key .*, Enabled$/ })).toBeVisible();
  await expect(diagram.getByRole('button', { name: /^key handle key 1 · / })).toHaveCount(2);
});

test('the encryption page shows what an eavesdropper and a thief see', async ({ page }) => {
  await page.goto('#/learn/encryption');
  await expect(page.getByRole('heading', { level: 1, name: 'Encryption at rest and in transit' })).toBeVisible();
  const wire = page.getByRole('region', { name: 'An eavesdropper on the wire sees' });
  const disk = page.getByRole('region', { name: 'A thief with the disk sees' });
  await expect(wire.locator('pre')).toContainText('card=4111 1111 1111 1111');
  await expect(disk.locator('pre')).toContainText('card=4111 1111 1111 1111');

  await page.getByRole('checkbox', { name: 'Encryption in transit (TLS)' }).check();
  await expect(wire.locator('pre')).not.toContainText('4111');
  await expect(wire.locator('pre')).toHaveText(/^[A-Za-z0-9+/]{60,}={0,2}$/);
  await expect(disk.locator('pre')).toContainText('card=4111');

  await page.getByRole('checkbox', { name: 'Encryption at rest (KMS)' }).check();
  await expect(disk.locator('pre')).not.toContainText('4111');
  await expect(disk).toContainText('kms:Decrypt');
  const table = page.getByRole('table', { name: 'Encryption at rest by service' });
  await expect(table.getByRole('row', { name: /Amazon EBS volumes Opt-in/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /AWS CloudTrail logs Automatic/ })).toBeVisible();
});

const viewports = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];
const pages = [
  { path: '#/kms', heading: 'AWS KMS' },
  { path: '#/cloudhsm', heading: 'AWS CloudHSM' },
  { path: '#/learn/encryption', heading: 'Encryption at rest and in transit' },
];

for (const viewport of viewports) {
  for (const target of pages) {
    test(`${target.path} at ${viewport.width}x${viewport.height} has no serious or critical axe violations`, async ({
      browser,
    }) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(target.path);
      await expect(page.getByRole('heading', { level: 1, name: target.heading })).toBeVisible();
      if (target.path === '#/kms') {
        // With a key open, so the detail, the encrypt panel and the timeline are checked too.
        const form = page.getByRole('form', { name: 'Create key' });
        await form.getByRole('button', { name: 'Create key' }).click();
        await expect(page.getByRole('heading', { level: 3, name: /^Key / })).toBeVisible();
      }
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      ).toEqual([]);
      await context.close();
    });
  }
}
