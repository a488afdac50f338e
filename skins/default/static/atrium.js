/*
 * Atrium default skin: small enhancements.  Every page works without
 * this file; it only adds:
 *  - a busy state on the button of a form being sent (aria-busy, and
 *    a second click does not send the form twice),
 *  - a close button on toasts, and confirmations fade after a while,
 *  - the menu kept open on wide screens in browsers without
 *    ::details-content.
 */
(function () {
	"use strict";

	document.addEventListener("submit", function (ev) {
		var form = ev.target, btn = ev.submitter;

		if (ev.defaultPrevented || !(form instanceof HTMLFormElement))
			return;
		if (form.dataset.sending === "1") {
			ev.preventDefault();
			return;
		}
		if (!btn || btn.tagName !== "BUTTON")
			btn = form.querySelector("button[type=submit], button:not([type])");
		/* GET forms (search, filters) may be sent again at once. */
		if ((form.method || "get").toLowerCase() !== "post")
			return;
		form.dataset.sending = "1";
		if (btn) {
			btn.setAttribute("aria-busy", "true");
			btn.setAttribute("aria-disabled", "true");
		}
		/* Back from the browser's cache: ready again. */
		window.addEventListener("pageshow", function () {
			form.dataset.sending = "";
			if (btn) {
				btn.removeAttribute("aria-busy");
				btn.removeAttribute("aria-disabled");
			}
		}, { once: true });
	});

	function closeToast(t) {
		t.classList.add("is-leaving");
		window.setTimeout(function () { t.remove(); }, 350);
	}

	document.querySelectorAll(".toast").forEach(function (t) {
		var b = document.createElement("button");

		b.type = "button";
		b.className = "icon-button toast-close";
		b.setAttribute("aria-label", "Dismiss");
		b.textContent = "\u00d7";
		b.addEventListener("click", function () { closeToast(t); });
		t.appendChild(b);
		if (t.classList.contains("toast-ok"))
			window.setTimeout(function () { closeToast(t); }, 8000);
	});

	var menu = document.getElementById("menu");
	var supported = window.CSS && CSS.supports &&
	    CSS.supports("selector(::details-content)");
	if (menu && !supported && window.matchMedia) {
		var wide = window.matchMedia("(min-width: 64.0625rem)");
		var sync = function () { if (wide.matches) menu.open = true; };
		sync();
		wide.addEventListener("change", sync);
	}
})();
