#!/usr/bin/env node
/*
 * Atrium's pages in a real browser: Debian's Chromium, headless, driven
 * by playwright-core, checked by axe-core.  Signs in as a client contact
 * and as staff, visits every page the navigation reaches plus a project,
 * a file, an approval and a meeting (and for staff a client), each at
 * 1280 and 390 px, and fails on:
 *   - an axe violation of impact serious or critical,
 *   - horizontal scrolling (scrollWidth of the document > innerWidth),
 *   - a console error or an uncaught exception,
 *   - a broken image,
 *   - a form control without a label,
 *   - a page that does not answer 200.
 * Each page is also drawn in dark mode (prefers-color-scheme: dark, the
 * skin's dark tokens) at DARK_WIDTH, where axe's colour-contrast check
 * must find nothing serious (ATRIUM_BROWSER_DARK=0 skips that run).
 * Screenshots (JPEG, whole page) of the pages in the navigation go to
 * $ATRIUM_SHOTS (default ./shots), in dark mode too (NAME-dark.jpg).  The contact and the staff member
 * each get a fresh Chromium, run side by side.
 *
 * Environment: ATRIUM_TEST_URL (the site), ATRIUM_SHOTS, ATRIUM_CHROMIUM
 * (default /usr/bin/chromium), ATRIUM_BROWSER_USERS ("contact,staff").
 * Exit status 0 when every check passed.
 */
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");
const axe = require("axe-core");

const BASE = (process.env.ATRIUM_TEST_URL || "").replace(/\/+$/, "");
const SHOTS = process.env.ATRIUM_SHOTS || path.join(__dirname, "shots");
const EXE = process.env.ATRIUM_CHROMIUM || "/usr/bin/chromium";
const PASSWORD = "demo-password-123";
const WIDTHS = [1280, 390];
/* The width of the dark-mode run, and whether it runs. */
const DARK_WIDTH = 1280;
const DARK = process.env.ATRIUM_BROWSER_DARK !== "0";
const USERS = {
	contact: { email: "ana@northwind.test", home: "/" },
	staff: { email: "staff@demo.test", home: "/staff" },
};
/* Pages with no link in the navigation that are checked too. */
const EXTRA = {
	contact: ["/activity", "/meetings/request", "/search?q=website",
	    "/no-such-page", "/sign/2", "/cases/new", "/changes/new"],
	staff: ["/staff/approvals/new", "/staff/updates/new?project=1",
	    "/search?q=website", "/staff/esign/new",
	    "/staff/contracts/templates", "/staff/contracts/templates/1",
	    "/staff/contracts/templates/1/preview?client=1",
	    "/staff/contracts/new?client=1&template=2", "/staff/cases/new",
	    "/staff/cases/settings", "/staff/changes/new",
	    "/staff/reports/workload", "/staff/reports/health",
	    "/staff/reports?period=quarter",
	    "/staff/calendar?view=week",
	    "/staff/clients/1/team", "/account/card",
	],
};
/* Item pages beyond the navigation: the first link of each kind. */
const ITEMS = {
	contact: [/^\/projects\/\d+$/, /^\/files\/\d+$/, /^\/approvals\/\d+$/,
	    /^\/meetings\/\d+$/, /^\/updates\/\d+$/,
	    /^\/esign\/\d+$/,
	    /^\/contracts\/\d+$/,
	    /^\/messages\/\d+$/,
	    /^\/cases\/\d+$/, /^\/changes\/\d+$/,
	],
	staff: [/^\/staff\/projects\/\d+$/, /^\/staff\/files\/\d+$/,
	    /^\/staff\/approvals\/\d+$/, /^\/staff\/meetings\/\d+$/,
	    /^\/staff\/clients\/\d+$/, /^\/staff\/updates\/\d+$/,
	    /^\/staff\/users\/\d+$/,
	    /^\/staff\/esign\/\d+$/,
	    /^\/staff\/contracts\/\d+$/,
	    /^\/staff\/messages\/\d+$/,
	    /^\/staff\/cases\/\d+$/, /^\/staff\/changes\/\d+$/,
	],
};

if (BASE === "") {
	console.error("ATRIUM_TEST_URL is not set");
	process.exit(2);
}

const failures = [];
let checks = 0;
/* Seconds spent per phase, printed at the end. */
const spent = { load: 0, inspect: 0, axe: 0, shot: 0 };
function since(t, k) { spent[k] += (Date.now() - t) / 1000; }

function fail(where, what) {
	failures.push(`${where}: ${what}`);
	console.log(`FAIL ${where}: ${what}`);
}

/* The path of url inside the site, or null when it leads elsewhere. */
function local(url) {
	let u;

	try {
		u = new URL(url, BASE + "/");
	} catch (e) {
		return null;
	}
	const b = new URL(BASE + "/");
	if (u.origin !== b.origin)
		return null;
	let p = u.pathname;
	const prefix = b.pathname.replace(/\/$/, "");
	if (prefix !== "") {
		if (!p.startsWith(prefix + "/") && p !== prefix)
			return null;
		p = p.slice(prefix.length) || "/";
	}
	return p + u.search;
}

/*
 * Lets every image finish: lazy ones (thumbnails) are made eager and each
 * still loading is awaited (load or error, at most 10 s), so an image
 * counts as broken only when it failed, never because it was slow.
 */
function settleImages() {
	const wait = [];

	for (const img of document.images) {
		if (img.loading === "lazy")
			img.loading = "eager";
		if (!img.complete)
			wait.push(new Promise((ok) => {
				img.addEventListener("load", ok, { once: true });
				img.addEventListener("error", ok, { once: true });
				setTimeout(ok, 10000);
			}));
	}
	return Promise.all(wait);
}

/* What the page itself says about its layout, images and controls. */
function inspect() {
	const out = { scroll: 0, inner: 0, wide: [], images: [], unlabelled: [] };
	const se = document.scrollingElement;

	out.scroll = se.scrollWidth;
	out.inner = window.innerWidth;
	if (out.scroll > out.inner) {
		/* Name the widest elements to make the failure useful. */
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.right > out.inner + 1 && out.wide.length < 5)
				out.wide.push(el.tagName.toLowerCase() +
				    (el.id ? "#" + el.id : "") +
				    (el.className && typeof el.className === "string" ?
				    "." + el.className.trim().split(/\s+/).join(".") : "") +
				    " right=" + Math.round(r.right));
		}
	}
	for (const img of document.images)
		if (!img.complete || img.naturalWidth === 0)
			out.images.push(img.currentSrc || img.src);
	for (const el of document.querySelectorAll("input, select, textarea")) {
		const t = (el.getAttribute("type") || "").toLowerCase();
		if (t === "hidden" || t === "submit" || t === "button" ||
		    t === "reset" || t === "image")
			continue;
		const named = (el.labels && el.labels.length > 0) ||
		    (el.getAttribute("aria-label") || "").trim() !== "" ||
		    (el.getAttribute("aria-labelledby") || "").trim() !== "" ||
		    (el.getAttribute("title") || "").trim() !== "";
		if (!named)
			out.unlabelled.push(el.outerHTML.slice(0, 120));
	}
	return out;
}

async function checkPage(page, who, p, errors, shot) {
	for (const w of WIDTHS) {
		const where = `${who} ${p} @${w}px`;

		await page.setViewportSize({ width: w, height: w > 600 ? 900 : 844 });
		await page.evaluate(() => new Promise((r) =>
		    requestAnimationFrame(() => requestAnimationFrame(r))));
		checks++;
		let t = Date.now();
		await page.evaluate(settleImages);
		const r = await page.evaluate(inspect);
		since(t, "inspect");
		if (r.scroll > r.inner)
			fail(where, `scrolls sideways: ${r.scroll} > ${r.inner} ` +
			    `(${r.wide.join(", ")})`);
		for (const src of r.images)
			fail(where, `broken image ${src}`);
		for (const c of r.unlabelled)
			fail(where, `control without a label: ${c}`);
		checks++;
		t = Date.now();
		const res = await page.evaluate(async () => {
			const v = await window.axe.run(document, {
				resultTypes: ["violations"],
			});
			return v.violations.map((x) => ({
				id: x.id, impact: x.impact, help: x.help,
				nodes: x.nodes.slice(0, 3).map((n) => n.target.join(" ")),
			}));
		});
		since(t, "axe");
		for (const v of res)
			if (v.impact === "serious" || v.impact === "critical")
				fail(where, `axe ${v.impact} ${v.id}: ${v.help} ` +
				    `[${v.nodes.join(" | ")}]`);
		if (shot) {
			t = Date.now();
			await page.screenshot({
				path: path.join(SHOTS, `${shot}-${w}.jpg`),
				type: "jpeg", quality: 70, fullPage: true,
			});
			since(t, "shot");
		}
	}
	if (DARK)
		await checkDark(page, who, p, shot);
	for (const e of errors.splice(0))
		fail(`${who} ${p}`, `console: ${e}`);
}

/*
 * The page again in dark mode at DARK_WIDTH: axe's contrast rules (text
 * against its background, and links told apart from text) must find no
 * serious or critical violation.  The light scheme is put back after.
 */
async function checkDark(page, who, p, shot) {
	const where = `${who} ${p} @${DARK_WIDTH}px dark`;
	const t = Date.now();

	await page.emulateMedia({ colorScheme: "dark" });
	try {
		await page.setViewportSize({ width: DARK_WIDTH, height: 900 });
		await page.evaluate(() => new Promise((r) =>
		    requestAnimationFrame(() => requestAnimationFrame(r))));
		const dark = await page.evaluate(() =>
		    window.matchMedia("(prefers-color-scheme: dark)").matches);
		checks++;
		if (!dark)
			fail(where, "the browser did not take the dark scheme");
		const res = await page.evaluate(async () => {
			const v = await window.axe.run(document, {
				runOnly: { type: "rule", values: [
				    "color-contrast", "link-in-text-block"] },
				resultTypes: ["violations"],
			});
			return v.violations.map((x) => ({
				id: x.id, impact: x.impact, help: x.help,
				nodes: x.nodes.slice(0, 3).map((n) =>
				    n.target.join(" ") + " " + ((n.any[0] &&
				    n.any[0].message) || "").slice(0, 120)),
			}));
		});
		for (const v of res)
			if (v.impact === "serious" || v.impact === "critical")
				fail(where, `axe ${v.impact} ${v.id}: ${v.help} ` +
				    `[${v.nodes.join(" | ")}]`);
		if (shot)
			await page.screenshot({
				path: path.join(SHOTS, `${shot}-dark.jpg`),
				type: "jpeg", quality: 70, fullPage: true,
			});
	} finally {
		await page.emulateMedia({ colorScheme: "light" });
		since(t, "axe");
	}
}

/* Loads p in page; false when it did not answer want (200). */
async function visit(page, who, p, want = 200) {
	let resp;
	const t = Date.now();

	try {
		resp = await page.goto(BASE + p, { waitUntil: "load" });
	} catch (e) {
		fail(`${who} ${p}`, `did not load: ${e.message}`);
		return false;
	}
	if (resp === null || resp.status() !== want) {
		fail(`${who} ${p}`, `answered ${resp ? resp.status() : "nothing"}`);
		return false;
	}
	await page.evaluate(axe.source);
	since(t, "load");
	return true;
}

async function links(page) {
	return page.evaluate(() => Array.from(document.querySelectorAll("a[href]"),
	    (a) => a.getAttribute("href")));
}

function shotName(who, p) {
	const n = p.replace(/\?.*$/, "").replace(/^\/+|\/+$/g, "")
	    .replace(/[^a-z0-9]+/gi, "-");
	return `${who}-${n || "home"}`;
}

async function signIn(page, who, email) {
	const errors = [];

	if (!await visit(page, "anonymous", "/login"))
		return false;
	await page.fill("#f-email", email);
	await page.fill("#f-password", PASSWORD);
	await Promise.all([
		page.waitForNavigation({ waitUntil: "load" }),
		page.click("form[action$='/login'] button[type=submit]"),
	]);
	if (local(page.url()) === "/login" || page.url().includes("/login")) {
		fail(who, `cannot sign in as ${email}`);
		return false;
	}
	return errors.length === 0;
}

async function runUser(ctx, page, errors, who) {
	const u = USERS[who];

	await ctx.clearCookies();
	if (!await signIn(page, who, u.email))
		return;
	errors.splice(0);
	if (!await visit(page, who, u.home))
		return;
	const nav = await page.evaluate(() => Array.from(
	    document.querySelectorAll("nav.main-nav a[href]"),
	    (a) => a.getAttribute("href")));
	const pages = [];
	for (const h of nav) {
		const p = local(h);
		if (p !== null && !pages.includes(p))
			pages.push(p);
	}
	if (pages.length === 0)
		fail(who, "the navigation has no links");
	const seen = new Set();
	const found = [];
	for (const p of pages) {
		if (!await visit(page, who, p)) {
			errors.splice(0);
			continue;
		}
		for (const h of await links(page)) {
			const l = local(h);
			if (l !== null)
				found.push(l.replace(/[?#].*$/, ""));
		}
		await checkPage(page, who, p, errors, shotName(who, p));
		seen.add(p);
	}
	for (const re of ITEMS[who]) {
		const p = found.find((l) => re.test(l));
		if (p === undefined) {
			if (!/meetings|updates|users/.test(re.source))
				fail(who, `no link to a page like ${re.source}`);
			continue;
		}
		if (seen.has(p))
			continue;
		seen.add(p);
		if (await visit(page, who, p))
			await checkPage(page, who, p, errors, null);
		else
			errors.splice(0);
	}
	for (const p of EXTRA[who]) {
		if (seen.has(p))
			continue;
		seen.add(p);
		/* The error page is checked like any other, at its status. */
		const want = p === "/no-such-page" ? 404 : 200;
		if (await visit(page, who, p, want)) {
			/* Chromium logs the expected status of the page itself. */
			if (want !== 200) {
				const i = errors.findIndex((e) =>
				    e.includes(`status of ${want}`));
				if (i !== -1)
					errors.splice(i, 1);
			}
			await checkPage(page, who, p, errors, null);
		} else
			errors.splice(0);
	}
	console.log(`${who}: ${seen.size} pages`);
}

/* A fresh Chromium (its own new user-data-dir) with one page. */
async function browser() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "atrium-chromium-"));
	const ctx = await chromium.launchPersistentContext(dir, {
		executablePath: EXE,
		headless: true,
		args: ["--headless", "--no-sandbox", "--disable-gpu",
		    "--disable-quic", "--no-first-run",
		    "--disable-background-networking",
		    "--disable-component-update", "--disable-sync"],
		viewport: { width: 1280, height: 900 },
		colorScheme: "light",
		reducedMotion: "reduce",
	});
	const page = ctx.pages()[0] || await ctx.newPage();
	const errors = [];
	page.on("console", (m) => {
		if (m.type() === "error")
			errors.push(m.text());
	});
	page.on("pageerror", (e) => errors.push(String(e)));
	page.setDefaultTimeout(30000);
	return { ctx, page, errors, dir };
}

/* One browser per kind of user, side by side. */
async function runAs(who) {
	const b = await browser();

	try {
		if (who === "contact") {
			/* The pages before signing in. */
			for (const p of ["/login", "/reset", "/verify"])
				if (await visit(b.page, "anonymous", p))
					await checkPage(b.page, "anonymous", p,
					    b.errors, shotName("anonymous", p));
		}
		await runUser(b.ctx, b.page, b.errors, who);
	} catch (e) {
		fail(who, e.stack || String(e));
	} finally {
		await b.ctx.close();
		fs.rmSync(b.dir, { recursive: true, force: true });
	}
}

async function main() {
	const t0 = Date.now();

	fs.mkdirSync(SHOTS, { recursive: true });
	const who = (process.env.ATRIUM_BROWSER_USERS || "contact,staff")
	    .split(",").map((w) => w.trim());
	await Promise.all(who.map(runAs));
	const s = ((Date.now() - t0) / 1000).toFixed(1);
	console.log("seconds spent (all browsers): " + Object.entries(spent)
	    .map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", "));
	console.log(`browser suite: ${checks} checks, ${failures.length} ` +
	    `failures, ${s} s; screenshots in ${SHOTS}`);
	process.exit(failures.length === 0 ? 0 : 1);
}

main();
