// Renders media/tokenwise.png (the marketplace icon, 128×128) from media/tokenwise.svg with headless Chromium.
// Run by hand after changing the SVG: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync('media/tokenwise.svg', 'utf8').replace(/currentColor/g, '#4fc1ff');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<body style="margin:0;background:#1e1e1e;display:grid;place-items:center;height:128px">${svg.replace('width="24" height="24"', 'width="104" height="104"')}</body>`);
await page.screenshot({ path: 'media/tokenwise.png' });
await browser.close();
