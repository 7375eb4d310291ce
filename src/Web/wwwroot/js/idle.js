// The idle warning. The server ends a session idle for the configured time; every page opened and
// "Stay signed in" renew it in full, so this clock, restarted at those moments (in any tab: the last
// one is shared through localStorage), never runs later than the server's. Before the end it shows a
// modal dialog (focus on "Stay signed in"); at the end it opens the sign-in page, which says why.
(() => {
    'use strict';
    const dialog = document.getElementById('idle-dialog');
    if (!dialog || typeof dialog.showModal !== 'function') {
        return;
    }

    const timeout = Number(dialog.dataset.idleTimeoutSeconds) * 1000;
    const warning = Number(dialog.dataset.idleWarningSeconds) * 1000;
    if (!(timeout > 0) || !(warning > 0)) {
        return;
    }

    const key = 'ticketing.lastActivity';
    const started = Date.now();
    let ended = false;

    const remember = at => {
        try {
            localStorage.setItem(key, String(at));
        } catch {
            // Private mode without storage: this tab's own clock still works.
        }
    };
    const lastActivity = () => {
        let shared = 0;
        try {
            shared = Number(localStorage.getItem(key)) || 0;
        } catch {
            shared = 0;
        }
        return Math.max(started, shared);
    };

    const signInAgain = () => {
        if (ended) {
            return;
        }
        ended = true;
        const back = location.pathname + location.search;
        location.assign('/Account/Login?reason=idle&returnUrl=' + encodeURIComponent(back));
    };

    const when = dialog.querySelector('[data-idle-when]');
    const show = deadline => {
        if (dialog.open) {
            return;
        }
        const time = new Date(deadline).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        const seconds = Math.max(1, Math.round((deadline - Date.now()) / 1000));
        when.textContent = seconds >= 90 ? `at ${time}` : `at ${time} (in about ${seconds} seconds)`;
        dialog.showModal();
        dialog.querySelector('[data-idle-stay]').focus();
    };

    const stay = async () => {
        const token = dialog.querySelector('[data-idle-sign-out] input[name="__RequestVerificationToken"]');
        const body = new URLSearchParams();
        if (token) {
            body.set('__RequestVerificationToken', token.value);
        }
        try {
            const response = await fetch('/Account/KeepAlive', { method: 'POST', body, credentials: 'same-origin', redirect: 'manual' });
            if (response.status !== 204) {
                signInAgain();
                return;
            }
        } catch {
            // Offline: the server could not renew the session, so this clock must not either.
            return;
        }
        remember(Date.now());
        dialog.close();
    };

    dialog.querySelector('[data-idle-stay]').addEventListener('click', stay);
    // Escape would only hide the warning; it means "I am here".
    dialog.addEventListener('cancel', event => {
        event.preventDefault();
        stay();
    });

    remember(started);
    const tick = () => {
        const deadline = lastActivity() + timeout;
        const now = Date.now();
        if (now >= deadline) {
            signInAgain();
        } else if (now >= deadline - warning) {
            show(deadline);
        } else if (dialog.open) {
            // Another tab kept the session alive.
            dialog.close();
        }
    };
    setInterval(tick, 1000);
})();
