// SPDX-License-Identifier: MIT
// browse.js - newsdex.cgi in a real browser: Debian's chromium, headless,
// driven by playwright-core (never a downloaded browser). Types a query,
// submits the form, clicks a facet of the sidebar (counted over all
// matches), goes to page 2, opens an article and the articles like it,
// picks a month and a sort order, opens "+N similar"; asserts on the DOM
// and saves a screenshot of each page.
// Usage: node browse.js BASE-URL ARTIFACT-DIR
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [base, out] = process.argv.slice(2);
let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
  if (!ok) failures++;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // a CSP violation or a broken asset shows as a console error
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  const shot = (name) => page.screenshot({ path: path.join(out, name), fullPage: true });

  // 1. the front page: type a query by its label and submit
  await page.goto(base);
  check(await page.title() !== '', 'front page has a title');
  const css = await page.evaluate(() => getComputedStyle(document.querySelector('button')).backgroundColor);
  check(css !== 'rgba(0, 0, 0, 0)' && css !== '', `stylesheet applied under the CSP (button ${css})`);
  await page.getByLabel('Search').fill('the');
  await shot('1-front.png');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search' }).click()]);
  check(/[?&]q=the/.test(page.url()), `the form submitted the query (${page.url()})`);
  const hits = await page.locator('li.hit').count();
  check(hits === 10, `results page lists 10 hits (${hits})`);
  const count = await page.locator('#count').innerText();
  check(/\d+ articles/.test(count), `hit count shown: "${count}"`);
  check(await page.locator('li.hit mark').count() > 0, 'query terms highlighted with <mark>');
  await shot('2-results.png');

  // 2. a real facet: counted over all matches, not this page
  const countOf = async () => {
    const m = (await page.locator('#count').innerText()).replace(/,/g, '').match(/(\d+) article/);
    return m ? Number(m[1]) : 0;
  };
  const all = await countOf();
  check(await page.locator('aside.facets h2').innerText() === 'Refine', 'facet sidebar shown');
  const kinds = await page.locator('aside.facets h3').allTextContents();
  check(kinds.includes('Months'), `facet kinds: ${kinds.join(', ')}`);
  let facet = page.locator('aside.facets a.facet[href*="f=person%3A"]').first();
  if (await facet.count() === 0) facet = page.locator('aside.facets a.facet').first();
  const facetName = (await facet.innerText()).trim();
  const facetN = Number(await facet.locator('xpath=following-sibling::span[@class="n"]').innerText());
  await Promise.all([page.waitForNavigation(), facet.click()]);
  const chips = await page.locator('.filters a.chip').allInnerTexts();
  check(chips.some((c) => c.includes(facetName)), `facet "${facetName}" (${facetN} matches) became an active filter (${chips.join(' | ')})`);
  const narrowed = await countOf();
  check(narrowed > 0 && narrowed < all, `the facet narrowed the results (${all} -> ${narrowed})`);
  const fhits = await page.locator('li.hit').count();
  check(fhits > 0, `filtered results listed (${fhits})`);
  await shot('3-facet.png');

  // 3. page 2 of the filtered results (or, with too few, of the query)
  if (await page.locator('nav.pages a[rel=next]').count() === 0) {
    await Promise.all([page.waitForNavigation(), page.locator('.filters a.chip').first().click()]);
    check(await page.locator('.filters a.chip').count() === 0, 'the filter removed with one click');
  }
  const filtered = await page.locator('.filters a.chip').count() > 0;
  const first = await page.locator('li.hit h2 a').allInnerTexts();
  await Promise.all([page.waitForNavigation(), page.locator('nav.pages a[rel=next]').click()]);
  const current = await page.locator('nav.pages [aria-current=page]').innerText();
  check(current.trim() === '2', `on page 2 (current: ${current})`);
  const second = await page.locator('li.hit h2 a').allInnerTexts();
  const start = await page.locator('ol.hits').getAttribute('start');
  check(second.length > 0 && start === '11', `page 2 numbers its hits from 11 (${second.length} hits)`);
  check(JSON.stringify(first) !== JSON.stringify(second), 'page 2 shows other articles');
  if (filtered) {
    const chips2 = await page.locator('.filters a.chip').allInnerTexts();
    check(chips2.some((c) => c.includes(facetName)), 'page 2 keeps the facet filter');
  }
  await shot('4-page2.png');

  // 4. an article: metadata, entities, a link to articles like it
  const link = page.locator('li.hit h2 a').first();
  const title = (await link.innerText()).trim();
  await Promise.all([page.waitForNavigation(), link.click()]);
  const h1 = (await page.locator('article.doc h1').innerText()).trim();
  check(h1 === title, `article view shows "${title}"`);
  const paras = await page.locator('article.doc .text p').count();
  check(paras > 0, `article text in ${paras} paragraphs`);
  const dts = await page.locator('dl.meta dt').allInnerTexts();
  check(dts.length >= 2, `article metadata listed (${dts.join(', ')})`);
  await shot('5-article.png');
  await Promise.all([page.waitForNavigation(), page.locator('#like').click()]);
  const like = await page.locator('li.hit').count();
  check(/[?&]like=[0-9a-f]{16}/.test(page.url()) && like > 0, `articles like it: ${like} hits`);
  await shot('7-like.png');

  // a month of the sidebar sets the date range of the form
  await page.goto(base + '?q=the');
  const month = page.locator('aside.facets a.facet[href*="from="]').first();
  const monthName = (await month.innerText()).trim();
  await Promise.all([page.waitForNavigation(), month.click()]);
  const from = await page.getByLabel('From date').inputValue();
  const to = await page.getByLabel('To date').inputValue();
  check(from === monthName && to === monthName, `month ${monthName} set the date range (${from} .. ${to})`);
  const times = await page.locator('li.hit time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  check(times.length > 0 && times.every((t) => t.startsWith(monthName)), `every hit is of ${monthName} (${times.length})`);
  await shot('8-month.png');

  // sort by date from the form: newest first
  await page.getByLabel('Sort by').selectOption('date');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search' }).click()]);
  const sorted = await page.locator('li.hit time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  check(sorted.length > 1 && sorted.every((t, i) => i === 0 || sorted[i - 1] >= t), `sort=date lists newest first (${sorted[0]} ...)`);

  // "+N similar" where the archive has near-duplicates
  await page.goto(base + '?q=the&n=50');
  const sim = page.locator('p.similar a').first();
  if (await sim.count() > 0) {
    await sim.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, '9-similar.png') });
    await Promise.all([page.waitForNavigation(), sim.click()]);
    check(/collapse=0/.test(page.url()) && await page.locator('p.similar').count() === 0,
      '"+N similar" opens the search with every copy a hit of its own');
  } else {
    console.log('# no near-duplicates in this archive: "+N similar" not shown');
  }

  // 5. a phone
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
  const pp = await phone.newPage();
  await pp.goto(base + '?q=oil');
  const overflow = await pp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no sideways scrolling on a phone (overflow ${overflow}px)`);
  await pp.screenshot({ path: path.join(out, '6-phone.png'), fullPage: true });

  check(problems.length === 0, `no console errors or CSP violations (${problems.slice(0, 3).join(' / ')})`);
  await browser.close();
  console.log(`${failures} failed; screenshots in ${out}`);
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
