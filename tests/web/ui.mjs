// tests/web/ui.mjs — the web pages as a liaison and an investigator use
// them, in Debian's chromium driven by Playwright: log in, trace a person,
// open the person page, file an inquiry, decide a review pair, switch
// language; and an admin's users page, in Spanish.  Screenshots go to $SHOTS.  Prints TAP lines; exit 1 on failure.
// Usage: node ui.mjs BASE_URL NAME AGE JOINED   (a person known to be on the lists; a
//        person id whose records the last link joined)
import { chromium } from 'playwright-core';

const [base, name, age, joined] = process.argv.slice(2);
const shots = process.env.SHOTS || '.';
let n = 0, failed = 0;
const check = (cond, what) => {
  n++;
  if (cond) console.log(`ok ${n} - ${what}`);
  else { failed++; console.log(`not ok ${n} - ${what}`); }
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ locale: 'es-SV', viewport: { width: 420, height: 900 } });
const page = await ctx.newPage();
try {
  await page.goto(base + '/');
  check(page.url().endsWith('/login'), 'a visitor is sent to the login page');
  await page.fill('#f-user', 'luz');
  await page.fill('#f-password', 'wrong-password');
  await page.click('main button[type=submit]');
  check((await page.textContent('.error')).includes('incorrectos'), 'a wrong password is refused, in Spanish');
  await page.fill('#f-user', 'luz');
  await page.fill('#f-password', 'liaison-pass-1');
  await page.click('main button[type=submit]');
  check((await page.textContent('h1')) === 'Buscar a una persona', 'the liaison lands on the search page');
  await page.screenshot({ path: `${shots}/1-search-empty.png`, fullPage: true });

  await page.fill('#f-name', name);
  await page.fill('#f-age', age);
  await page.click('main button[type=submit]');
  const cards = await page.locator('.candidate').count();
  check(cards > 0, `tracing "${name}" gives candidates (${cards})`);
  const first = await page.textContent('.candidate');
  check(/Fuentes|fuentes/.test(first) && /%/.test(first), 'a candidate shows its probability and sources');
  await page.screenshot({ path: `${shots}/2-search-results.png`, fullPage: true });

  await page.click('.candidate h3 a');
  check(/\/person\/\d+$/.test(page.url()), 'the candidate opens the person page');
  check((await page.locator('table').count()) >= 2, 'the person page has a timeline and records');
  check((await page.textContent('table >> nth=0')).includes('Dónde'),
        'the timeline says where (a town of arrest is not a prison)');
  await page.screenshot({ path: `${shots}/3-person.png`, fullPage: true });

  // How a person's records were joined: which two, from which lists and
  // lines, how, and how sure.
  await page.goto(`${base}/person/${joined}`);
  await page.click('details.joined summary');
  const lines = await page.locator('details.joined li').allTextContents();
  check(lines.length > 0 && lines.every((l) => /línea \d+ \+ .*línea \d+: .+\(\d+([,.]\d+)? ?%\)/.test(l)),
        `the person page says how his records were joined (${lines[0]})`);
  await page.screenshot({ path: `${shots}/3b-joined.png`, fullPage: true });

  await page.goto(base + '/inquiries');
  await page.fill('#f-name', name);
  await page.fill('#f-age', age);
  await page.fill('#f-requester', 'Rosa Prueba');
  await page.fill('#f-contact', '7000-1234');
  await page.fill('#f-relationship', 'madre');
  await page.click('main form button[type=submit]');
  check(/\/inquiries\/\d+$/.test(page.url()), 'filing an inquiry opens it');
  check((await page.textContent('main')).includes('cifrado'), 'the contact is sealed until asked for');
  await page.click('text=Ver el contacto');
  check((await page.textContent('.contact')) === '7000-1234', 'the liaison may read the contact');
  await page.screenshot({ path: `${shots}/4-inquiry.png`, fullPage: true });

  await page.click('text=English');
  check((await page.textContent('h1')) === 'Find a person', 'switching to English');
  await page.screenshot({ path: `${shots}/5-english.png`, fullPage: true });
  const review = await page.goto(base + '/review');
  check(review.status() === 403, 'a liaison may not open the review queue');

  // An investigator decides a pair.
  await page.click('header button');  // log out
  await page.fill('#f-user', 'ivan');
  await page.fill('#f-password', 'investigator-1');
  await page.click('main button[type=submit]');
  await page.goto(base + '/review');
  const pairs = await page.locator('.pair-card').count();
  check(pairs > 0, `the review queue shows pairs side by side (${pairs})`);
  check((await page.textContent('.pair-card')).includes('Judged alone'),
        'a pair shows its probability judged alone, beside the one with rivals counted');
  check(await page.locator('.pair-card tr.level', { hasText: 'how common the value is' }).count() > 0,
        'a weight set by how common the name is says so, on the page (a phone shows no titles)');
  const origin = await page.textContent('.pair-card .origin >> nth=0');
  check(/ line \d+/.test(origin),
        `each record shows its list and its line in the list's file (${origin.trim()})`);
  check(await page.locator('.pair-card >> nth=0 >> .origin a[href^="/person/"]').count() === 2,
        'each record of a pair links to the person it is part of now');
  check(await page.$eval('.pair-card', (c) => c.scrollWidth <= c.clientWidth),
        'the comparison fits a phone\'s width');
  await page.screenshot({ path: `${shots}/6-review.png`, fullPage: true });
  await page.fill('#reason-0', 'same mother, same arrest');
  await page.click('.pair-card >> nth=0 >> button[value=same]');
  check((await page.textContent('main')).includes('Decision recorded'), 'the decision is recorded');
  await page.screenshot({ path: `${shots}/7-decided.png`, fullPage: true });

  // The admin disables and enables an account, in Spanish.
  await page.click('header button');  // log out
  await page.click('a[lang=es]');
  await page.fill('#f-user', 'ana');
  await page.fill('#f-password', 'admin-pass-1');
  await page.click('main button[type=submit]');
  await page.click('nav >> text=Usuarios');
  check((await page.textContent('h1')) === 'Usuarios', 'the admin opens the users page from the navigation, in Spanish');
  const navHeight = await page.evaluate(() => document.querySelector('nav').getBoundingClientRect().height);
  check(navHeight < 60, `an admin's navigation fits a phone in two rows (${Math.round(navHeight)} px)`);
  check((await page.getAttribute('nav a[aria-current=page]', 'href')) === '/users', 'and marks the page she is on');
  const row = () => page.locator('tr', { hasText: 'lola' });
  check((await row().textContent()).includes('abogado/a'), 'roles are worded in Spanish');
  await row().locator('button', { hasText: 'Desactivar' }).click();
  check((await page.textContent('[role=status]')).includes('lola: cambio guardado'), 'disabling an account says so');
  check((await row().textContent()).includes('desactivado'), 'and the row shows it disabled');
  await page.screenshot({ path: `${shots}/8-users.png`, fullPage: true });
  await row().locator('button', { hasText: 'Activar' }).click();
  check((await row().textContent()).includes('activo'), 'enabling it again');
  await page.click('nav >> text=Mi contraseña');
  check((await page.locator('input[type=password]').count()) === 3, 'the own-password page asks for the current one and the new one twice');
  await page.screenshot({ path: `${shots}/9-password.png`, fullPage: true });
} catch (e) {
  check(false, `no exception: ${e.message.split('\n')[0]}`);
  await page.screenshot({ path: `${shots}/error.png`, fullPage: true }).catch(() => {});
} finally {
  await browser.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
