// The zkrpc console: fetches the figures from ./data every 2.5 s and renders them.
// Everything from the registry or instance metadata is written with textContent, never as HTML:
// a provider decides what its metadata says.
'use strict';

(function () {
  var REFRESH_MS = 2500;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (cell) { tr.appendChild(cell); });
    return tr;
  }

  function replaceRows(tbody, rows, columns, emptyText) {
    tbody.replaceChildren();
    if (rows.length === 0) {
      var td = el('td', emptyText, 'empty');
      td.colSpan = columns;
      tbody.appendChild(row([td]));
      return;
    }
    rows.forEach(function (tr) { tbody.appendChild(tr); });
  }

  function shortName(service) {
    var dot = service.lastIndexOf('.');
    return dot < 0 ? service : service.substring(dot + 1);
  }

  // A method's service as its timers tag it: the interface's simple name, then its qualified name.
  function serviceCell(service) {
    var td = el('td', null, 'service');
    td.appendChild(el('span', shortName(service), 'simple'));
    td.appendChild(el('span', service, 'qualified'));
    return td;
  }

  function number(value, digits, className) {
    var td = el('td', value === null || value === undefined ? '–' : Number(value).toFixed(digits), 'num ' + className);
    if (value !== null && value !== undefined) {
      td.dataset.value = String(value);
    }
    return td;
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : '–';
  }

  function renderHeader(data) {
    document.getElementById('application').textContent = data.application;
    document.title = 'zkrpc console – ' + data.application;
    var registry = data.status.registry;
    var state = document.getElementById('registry-state');
    state.textContent = registry.details.sessionState || (registry.connected ? 'CONNECTED' : 'DISCONNECTED');
    state.className = 'badge ' + (registry.connected ? 'ok' : 'bad');
    document.getElementById('registry-name').textContent = registry.registry;
    var session = registry.details.session;
    document.getElementById('registry-session').textContent = session ? 'session ' + session : '';
    document.getElementById('updated').textContent = time(data.time);
  }

  // The provider's state: online, offline (taken out by an operator: a warning) or starting.
  function renderProvider(provider) {
    var block = document.getElementById('provider');
    block.hidden = !provider;
    if (!provider) {
      return;
    }
    var state = document.getElementById('provider-state');
    state.textContent = provider.state;
    state.className = 'badge ' + ({ online: 'ok', offline: 'warn' }[provider.state] || 'pending');
    document.getElementById('provider-instance').textContent = provider.instance || '';
    document.getElementById('provider-in-flight').textContent = provider.callsInFlight + ' call(s) in flight';
  }

  function renderExported(provider) {
    var rows = (provider ? provider.services : []).map(function (service) {
      return row([
        el('td', service.service, 'key'),
        el('td', service.registered ? 'registered' : 'not registered', service.registered ? 'ok' : 'bad'),
        el('td', service.instance || '–', 'address')
      ]);
    });
    replaceRows(document.querySelector('#exported tbody'), rows, 3, 'This instance exports no service.');
  }

  function metadataText(metadata) {
    return Object.keys(metadata).filter(function (key) { return key !== 'weight' && key !== 'tag'; })
      .map(function (key) {
        var value = metadata[key];
        if (key === 'startTime' && /^[0-9]+$/.test(value)) {
          return 'started ' + new Date(Number(value)).toLocaleString();
        }
        return key + '=' + value;
      }).join('  ');
  }

  function renderSubscribed(status) {
    var container = document.getElementById('subscribed');
    container.replaceChildren();
    if (status.subscriptions.length === 0) {
      container.appendChild(el('p', 'This instance subscribes to no service.', 'empty'));
      return;
    }
    status.subscriptions.forEach(function (subscription) {
      var block = el('div', null, 'subscription');
      var title = el('h3');
      title.appendChild(el('span', subscription.service, 'simple'));
      title.appendChild(el('span', subscription.instances.length + ' instance(s)', 'count'));
      block.appendChild(title);
      var table = el('table', null, 'instances');
      var head = el('thead');
      head.appendChild(row(['Instance', 'State', 'Isolated until', 'In flight', 'Weight', 'Tag', 'Metadata'].map(function (name) {
        return el('th', name, name === 'In flight' ? 'num' : undefined);
      })));
      table.appendChild(head);
      var body = el('tbody');
      table.appendChild(body);
      var rows = subscription.instances.map(function (instance) {
        var isolation = status.isolatedInstances[instance.address];
        var state = instance.isolated
          ? el('td', 'isolated' + (isolation && isolation.reason ? ': ' + isolation.reason : ''), 'state bad')
          : el('td', 'in rotation', 'state ok');
        var inFlight = number(instance.callsInFlight, 0, 'in-flight' + (instance.callsInFlight > 0 ? ' busy' : ''));
        return row([el('td', instance.address, 'address'), state,
          el('td', time(instance.isolatedUntil), instance.isolated ? 'isolated-until bad' : 'isolated-until'), inFlight,
          el('td', instance.weight === null || instance.weight === undefined ? '–' : instance.weight),
          el('td', instance.tag || '–'), el('td', metadataText(instance.metadata), 'metadata')]);
      });
      replaceRows(body, rows, 7, 'No instance.');
      block.appendChild(table);
      container.appendChild(block);
    });
  }

  function renderMethods(data) {
    var rows = data.methods.map(function (method) {
      return row([
        el('td', method.side, 'side ' + method.side),
        serviceCell(method.service),
        el('td', method.method, 'method'),
        number(method.callsPerSecond, 1, 'rate'),
        number(method.calls, 0, 'calls'),
        number(method.errors, 0, method.errors > 0 ? 'errors bad' : 'errors'),
        number(method.p50Millis, 2, 'p50'),
        number(method.p99Millis, 2, 'p99')
      ]);
    });
    var empty = data.metrics ? 'No call measured yet.' : 'No MeterRegistry in this application: add Micrometer (spring-boot-starter-actuator) to see calls and latencies.';
    replaceRows(document.querySelector('#methods tbody'), rows, 8, empty);
  }

  function showError(message) {
    var error = document.getElementById('error');
    error.textContent = message;
    error.hidden = !message;
  }

  function refresh() {
    fetch('data', { cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        renderHeader(data);
        renderProvider(data.status.provider);
        renderExported(data.status.provider);
        renderSubscribed(data.status);
        renderMethods(data);
        showError('');
      })
      .catch(function (e) {
        showError('Could not load the figures: ' + e.message);
        var state = document.getElementById('registry-state');
        state.textContent = 'unreachable';
        state.className = 'badge bad';
      })
      .finally(function () {
        setTimeout(refresh, REFRESH_MS);
      });
  }

  refresh();
})();
