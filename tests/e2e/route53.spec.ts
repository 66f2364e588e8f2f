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

async function openRoute53(page: Page) {
  await page.goto('#/route53');
  await expect(page.getByRole('heading', { level: 1, name: 'Amazon Route 53' })).toBeVisible();
}

async function createZone(page: Page, name: string) {
  const form = page.getByRole('form', { name: 'Create hosted zone' });
  await form.getByRole('textbox', { name: 'Domain name' }).fill(name);
  await form.getByRole('button', { name: 'Create hosted zone' }).click();
  await expect(page.getByRole('heading', { level: 3, name: `Hosted zone ${name}.` })).toBeVisible();
}

async function createWeighted(page: Page, id: string, weight: string, ip: string) {
  const form = page.getByRole('form', { name: 'Create record' });
  await form.getByRole('textbox', { name: 'Record name' }).fill('www');
  await form.getByRole('textbox', { name: 'Values (one per line)' }).fill(ip);
  await form.getByRole('combobox', { name: 'Routing policy' }).selectOption('weighted');
  await form.getByRole('textbox', { name: 'Record ID' }).fill(id);
  await form.getByRole('textbox', { name: 'Weight (0–255)' }).fill(weight);
  await form.getByRole('button', { name: 'Create record' }).click();
}

test('a new zone opens with its NS and SOA records, and weighted records answer the DNS test', async ({ page }) => {
  await openRoute53(page);
  await createZone(page, 'example.com');
  await expect(page.getByRole('table', { name: 'Hosted zones' }).getByRole('button', { name: 'example.com.' })).toBeVisible();

  const records = page.getByRole('table', { name: 'Records in example.com.' });
  await expect(records.getByRole('row')).toHaveCount(3); // header, NS, SOA
  await expect(records.getByText('Kept with the zone')).toHaveCount(2);

  await createWeighted(page, 'blue', '100', '192.0.2.10');
  await expect(records.getByRole('row')).toHaveCount(4);
  await expect(records.getByRole('cell', { name: 'weighted 100' })).toBeVisible();
  const status = page.locator('.change-status');
  await expect(status).toContainText('PENDING');

  const diagram = page.getByRole('group', { name: 'Diagram: Amazon Route 53' });
  await expect(diagram.getByRole('button', { name: 'record www A · blue, weighted 100' })).toBeVisible();

  const dnsTest = page.getByRole('form', { name: 'Test record (DNS answer)' });
  await dnsTest.getByRole('textbox', { name: 'Record name' }).fill('www');
  await dnsTest.getByRole('button', { name: 'Get response' }).click();
  const answer = page.getByRole('region', { name: 'Answer for www.example.com. A' });
  await expect(answer).toContainText('NOERROR');
  await expect(answer).toContainText('192.0.2.10');
  await expect(answer).toContainText('blue');

  // Route 53's servers have the change after about a minute of simulated time.
  await page.getByRole('button', { name: '+1 hour' }).click();
  await expect(status).toContainText('INSYNC');
});

test('a duplicate CREATE is refused with InvalidChangeBatch and a zone with records will not delete', async ({ page }) => {
  await openRoute53(page);
  await createZone(page, 'shop.example');
  await createWeighted(page, 'blue', '70', '192.0.2.10');
  await createWeighted(page, 'blue', '70', '192.0.2.10');
  await expect(page.getByRole('alert').filter({ hasText: 'InvalidChangeBatch' }).first()).toBeVisible();
  const trail = page.getByRole('table', { name: 'Trail, newest first' });
  await expect(trail.getByRole('cell', { name: 'Error: InvalidChangeBatch' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete hosted zone' }).click();
  await page.getByRole('button', { name: 'Yes, delete shop.example.' }).click();
  await expect(trail.getByRole('cell', { name: 'Error: HostedZoneNotEmpty' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Hosted zones' }).getByRole('button', { name: 'shop.example.' })).toBeVisible();

  // Delete the record, then the zone goes.
  await page.getByRole('button', { name: 'Delete www.shop.example. A blue' }).click();
  await page.getByRole('button', { name: 'Yes, delete www.shop.example. A blue' }).click();
  await page.getByRole('button', { name: 'Delete hosted zone' }).click();
  await page.getByRole('button', { name: 'Yes, delete shop.example.' }).click();
  await expect(page.getByText('No hosted zones yet.')).toBeVisible();
});

test('a health check on an endpoint nobody serves turns unhealthy as the clock moves', async ({ page }) => {
  await openRoute53(page);
  const form = page.getByRole('form', { name: 'Create health check' });
  await form.getByRole('textbox', { name: 'Endpoint: domain name or IP address' }).fill('app.example.net');
  await form.getByRole('button', { name: 'Create health check' }).click();

  const checks = page.getByRole('table', { name: 'Health checks' });
  await expect(checks.getByRole('cell', { name: /^Healthy\s*8 of 8 checkers$/ })).toBeVisible();
  const diagram = page.getByRole('group', { name: 'Diagram: Amazon Route 53' });
  await expect(diagram.getByRole('button', { name: 'health check app.example.net/, Healthy' })).toBeVisible();

  await page.getByRole('button', { name: '+1 hour' }).click();
  await expect(checks.getByRole('cell', { name: /^Unhealthy\s*0 of 8 checkers$/ })).toBeVisible();
  await expect(diagram.getByRole('button', { name: 'health check app.example.net/, Unhealthy' })).toBeVisible();
});

test('an A record aliases an S3 website endpoint made on the S3 page', async ({ page }) => {
  // The bucket is named like the record, as S3 website aliases need.
  await page.goto('#/s3');
  await page.getByRole('textbox', { name: 'Command' }).fill('aws s3api create-bucket --bucket site.example');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await page
    .getByRole('textbox', { name: 'Command' })
    .fill('aws s3api put-bucket-website --bucket site.example --website-configuration IndexDocument={Suffix=index.html}');
  await page.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(page.getByRole('log', { name: 'Terminal output' })).toContainText('put-bucket-website');

  await page.getByRole('navigation', { name: 'Services' }).getByRole('link', { name: 'Route 53' }).click();
  await createZone(page, 'site.example');
  const form = page.getByRole('form', { name: 'Create record' });
  await form.getByRole('combobox', { name: 'Route traffic to' }).selectOption('s3');
  await expect(form.getByRole('combobox', { name: 'S3 website endpoint' })).toHaveValue('site.example');
  await form.getByRole('button', { name: 'Create record' }).click();

  const records = page.getByRole('table', { name: 'Records in site.example.' });
  await expect(records.getByRole('cell', { name: 'Alias to s3-website-us-east-1.amazonaws.com' })).toBeVisible();
  const diagram = page.getByRole('group', { name: 'Diagram: Amazon Route 53' });
  await expect(
    diagram.getByRole('button', { name: 'endpoint site.example.s3-website-us-east-1.amazonaws.com, S3 website endpoint' }),
  ).toBeVisible();
});
