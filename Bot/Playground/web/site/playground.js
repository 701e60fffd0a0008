// The playground page: pick a person and a language, then talk to the bot through Web Chat over the host's own
// Direct Line (/v3/directline). Each outgoing activity carries the person's directory key as from.id and
// from.aadObjectId, and the chosen locale.
(function () {
  'use strict';
  const person = document.getElementById('person');
  const locale = document.getElementById('locale');
  const picker = document.getElementById('picker');
  const query = new URLSearchParams(location.search);
  let directLine;

  // Web Chat refuses to render a card with a validation error, and Adaptive Cards 1.3+ counts a required input without
  // errorMessage as one. The bot's cards have none yet (Teams does not insist), so the page gives each such input its
  // label as the message rather than show an empty box.
  function completeRequiredInputs(node) {
    if (Array.isArray(node)) {
      node.forEach(completeRequiredInputs);
    } else if (node && typeof node === 'object') {
      if (typeof node.type === 'string' && node.type.startsWith('Input.') && node.isRequired && !node.errorMessage) {
        node.errorMessage = node.label || node.id;
      }
      Object.values(node).forEach(completeRequiredInputs);
    }
  }

  const store = () => window.WebChat.createStore({}, () => next => action => {
    if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
      for (const attachment of action.payload.activity.attachments || []) {
        if (attachment.contentType === 'application/vnd.microsoft.card.adaptive') completeRequiredInputs(attachment.content);
      }
    }
    return next(action);
  });

  async function loadPeople() {
    const people = await (await fetch('playground/people')).json();
    for (const p of people) {
      const option = document.createElement('option');
      option.value = p.key;
      option.textContent = `${p.name} · ${p.unit} · ${p.role} (${p.key})`;
      option.dataset.name = p.name;
      person.append(option);
    }
    if (query.get('as')) person.value = query.get('as');
    if (query.get('locale')) locale.value = query.get('locale');
  }

  async function start() {
    if (!window.WebChat) {
      document.getElementById('missing').hidden = false;
      return;
    }
    if (directLine) directLine.end();
    const key = person.value;
    const name = person.selectedOptions[0] ? person.selectedOptions[0].dataset.name : key;
    const language = locale.value;
    document.documentElement.lang = language;
    const { token } = await (await fetch('v3/directline/tokens/generate', { method: 'POST' })).json();
    directLine = window.WebChat.createDirectLine({ domain: new URL('v3/directline', location.href).href, token, webSocket: false,
      conversationStartProperties: { locale: language } });
    const post = directLine.postActivity.bind(directLine);
    directLine.postActivity = activity =>
      post({ ...activity, locale: language, from: { ...activity.from, id: key, name, aadObjectId: key, role: 'user' } });
    const host = document.getElementById('webchat');
    host.replaceChildren();
    const webchat = document.createElement('div');
    webchat.style.height = '100%';
    host.append(webchat);
    window.WebChat.renderWebChat({
      directLine,
      store: store(),
      userID: key,
      username: name,
      locale: language,
      // Action.Execute is Adaptive Cards 1.4; Web Chat 4.18 renders it but cannot send it. Parsing cards as 1.3 makes
      // the renderer use each Execute's Action.Submit fallback, which the bot handles the same way.
      styleOptions: { adaptiveCardsParserMaxVersion: '1.3', hideUploadButton: true }
    }, webchat);
  }

  picker.addEventListener('submit', event => {
    event.preventDefault();
    start();
  });
  person.addEventListener('change', start);
  locale.addEventListener('change', start);
  loadPeople().then(start);
})();
