// Draws the SPaR report from the JSON in #spar-data with ECharts. Every chart is drawn without
// animation, so the page is complete once this script has run; a self-check (errors, charts drawn,
// table rows) is written into #spar-self-check for the browser test.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('spar-data').textContent);
  var S = data.sections;
  var charts = [];
  var main = document.getElementById('main');
  var nav = document.getElementById('nav');
  var PALETTE = ['#4c6ef5', '#f76707', '#37b24d', '#ae3ec9', '#f03e3e', '#1098ad', '#f59f00', '#868e96'];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined) { return ''; }
    if (typeof v !== 'number') { return String(v); }
    if (Number.isInteger(v)) { return v.toLocaleString('en-US'); }
    return v.toFixed(digits === undefined ? 3 : digits);
  }

  function section(id, title, intro) {
    var box = el('section', { id: id }, [el('h2', { text: title })]);
    if (intro) { box.appendChild(el('p', { text: intro })); }
    main.appendChild(box);
    nav.appendChild(el('a', { href: '#' + id, text: title }));
    return box;
  }

  function noted(box, part) {
    if (part && part.note) {
      box.appendChild(el('p', { 'class': 'note', text: part.note }));
      return true;
    }
    return false;
  }

  function chart(parent, title, option, source, tall) {
    var div = el('div', { 'class': 'chart' + (tall ? ' tall' : '') });
    var box = el('div', { 'class': 'chart-box' }, [el('h3', { text: title }), div,
      el('details', {}, [el('summary', { text: 'data (JSON)' }),
        el('pre', { text: JSON.stringify(source, null, 1) })])]);
    parent.appendChild(box);
    option.animation = false;
    option.color = option.color || PALETTE;
    option.tooltip = option.tooltip || { trigger: 'axis' };
    var instance = echarts.init(div, null, { renderer: 'canvas' });
    instance.setOption(option);
    charts.push({ title: title, div: div, instance: instance });
    return box;
  }

  function bars(categories, series, stacked, horizontal) {
    var names = Object.keys(series);
    var category = { type: 'category', data: categories.map(String) };
    var value = { type: 'value' };
    return {
      legend: { top: 0, type: 'scroll' },
      grid: { left: 10, right: 20, top: 36, bottom: 10, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: names.map(function (n) {
        return { name: n, type: 'bar', stack: stacked ? 'all' : undefined, data: series[n] };
      })
    };
  }

  function lines(x, series) {
    return {
      legend: { top: 0 },
      grid: { left: 10, right: 20, top: 36, bottom: 10, containLabel: true },
      xAxis: { type: 'category', name: 'step', data: x.map(String) },
      yAxis: { type: 'value', scale: true },
      series: Object.keys(series).map(function (n) {
        return { name: n, type: 'line', showSymbol: true, data: series[n] };
      })
    };
  }

  function kvTable(rows) {
    return el('table', { 'class': 'kv' }, rows.map(function (r) {
      return el('tr', {}, [el('td', { text: r[0] }), el('td', { text: fmt(r[1]) })]);
    }));
  }

  function marked(segments, keep) {
    var cell = el('td', { 'class': 'text' });
    segments.forEach(function (s) {
      if (s.op === '=') { cell.appendChild(document.createTextNode(s.text + ' ')); }
      else if (s.op === keep) {
        cell.appendChild(el(keep === '+' ? 'ins' : 'del', { text: s.text }));
        cell.appendChild(document.createTextNode(' '));
      }
    });
    return cell;
  }

  // --- sources
  document.getElementById('sources').textContent = 'data: ' + (data.sources.data.join(', ') || 'none') +
    (data.sources.loop ? ' | loop: ' + data.sources.loop : '') + ' | generated ' + data.generated_at;

  // --- run overview
  (function () {
    var box = section('overview', 'Run overview',
      'Per iteration of the generation job: models and weight hashes, time per stage, throughput, model calls.');
    if (noted(box, S.overview)) { return; }
    S.overview.runs.forEach(function (r) {
      box.appendChild(el('h3', { text: 'iteration ' + r.iteration + ' - ' + r.location }));
      var grid = el('div', { 'class': 'grid' });
      box.appendChild(grid);
      grid.appendChild(kvTable([
        ['Spark application', r.application_id + ' on ' + r.master], ['input', r.input],
        ['input rows', r.input_rows], ['chunks', r.chunks], ['self-play rounds', r.rounds],
        ['actor', (r.actor.id || '') + ' ' + (r.actor.weights_hash || '').substring(0, 16)],
        ['refiner', (r.refiner.id || '') + ' ' + (r.refiner.weights_hash || '').substring(0, 16)],
        ['model calls', r.model_calls], ['generation requests', r.requests],
        ['prompt tokens', r.prompt_tokens], ['generated tokens', r.generated_tokens],
        ['generated tokens/s (in rounds)', Math.round(r.generated_tokens_per_second)],
        ['versions', Object.keys(r.versions || {}).map(function (k) { return k + ' ' + r.versions[k]; }).join(', ')]
      ]));
      var stages = Object.keys(r.timings_millis || {});
      chart(grid, 'time per stage (s)', bars(stages,
        { seconds: stages.map(function (k) { return r.timings_millis[k] / 1000; }) }, false, true),
        r.timings_millis);
      box.appendChild(el('details', {}, [el('summary', { text: 'configuration' }),
        el('pre', { text: JSON.stringify(r.config, null, 2) })]));
    });
  })();

  // --- outcomes
  (function () {
    var box = section('outcomes', 'Outcomes',
      'One outcome per input instruction; per constraint id, an instruction counts under each of its constraints.');
    if (noted(box, S.outcomes)) { return; }
    var grid = el('div', { 'class': 'grid' });
    box.appendChild(grid);
    chart(grid, 'outcomes per iteration', bars(S.outcomes.iterations.map(function (i) { return 'iteration ' + i; }),
      S.outcomes.counts, true, false), S.outcomes);
    var c = S.outcomes_by_constraint;
    if (c && c.note) { noted(box, c); }
    else { chart(grid, 'outcomes per constraint id', bars(c.constraint_ids, c.counts, true, true), c, true); }
  })();

  // --- pair tables
  function pairTable(id, title, intro, part, numbers) {
    var box = section(id, title, intro);
    if (noted(box, part)) { return; }
    if (part.total === 0) {
      noted(box, { note: 'no pairs in this run' });
    } else if (part.rows.length < part.total) {
      box.appendChild(el('p', { 'class': 'note', text: 'showing ' + part.rows.length + ' of ' + part.total + ' pairs' }));
    }
    var search = el('input', { type: 'search', placeholder: 'filter: any text in the row' });
    var iterations = el('select', {}, [el('option', { value: '', text: 'all iterations' })]);
    var seen = {};
    part.rows.forEach(function (r) { seen[r.iteration] = true; });
    Object.keys(seen).forEach(function (i) { iterations.appendChild(el('option', { value: i, text: 'iteration ' + i })); });
    var count = el('span', { text: part.rows.length + ' rows' });
    box.appendChild(el('div', { 'class': 'filters' }, [search, iterations, count]));
    var head = el('tr', {}, ['it.', 'prompt', 'rejected (removed marked)', 'chosen (added marked)']
      .map(function (h) { return el('th', { text: h }); })
      .concat(numbers.map(function (n) { return el('th', { 'class': 'num', text: n[1] }); })));
    var body = el('tbody');
    part.rows.forEach(function (r) {
      var tr = el('tr', { 'class': 'pair-row', 'data-iteration': String(r.iteration) },
        [el('td', { 'class': 'num', text: String(r.iteration) }), el('td', { 'class': 'text', text: r.prompt }),
          marked(r.diff, '-'), marked(r.diff, '+')]
          .concat(numbers.map(function (n) { return el('td', { 'class': 'num', text: fmt(r[n[0]]) }); })));
      tr.dataset.search = (r.instruction_id + ' ' + r.prompt + ' ' + r.rejected + ' ' + r.chosen).toLowerCase();
      body.appendChild(tr);
    });
    var table = el('table', { id: id + '-table' }, [el('thead', {}, [head]), body]);
    box.appendChild(el('div', { 'class': 'scroll' }, [table]));
    function apply() {
      var q = search.value.toLowerCase();
      var it = iterations.value;
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (tr) {
        var ok = (!q || tr.dataset.search.indexOf(q) >= 0) && (!it || tr.dataset.iteration === it);
        tr.style.display = ok ? '' : 'none';
        shown += ok ? 1 : 0;
      });
      count.textContent = shown + ' rows';
    }
    search.addEventListener('input', apply);
    iterations.addEventListener('change', apply);
  }

  pairTable('actor-pairs', 'Actor pairs',
    'DPO pairs: the original failed answer (rejected) and the refinement that passed (chosen), most similar first.',
    S.actor_pairs, [['similarity', 'similarity'], ['edit_distance', 'edit distance'], ['depth', 'depth'], ['nodes_used', 'nodes used']]);
  pairTable('refiner-pairs', 'Refiner pairs',
    'Sibling refinements of one parent: one passed, one did not (prompt: the refine request).',
    S.refiner_pairs, [['chosen_value', 'chosen V'], ['rejected_value', 'rejected V']]);

  // --- trees
  (function () {
    var box = section('trees', 'Refinement trees',
      'A few trees (those that found a pair first): each node with its value V and votes; the path to the successful refinement in green. Hover a node for its critique.');
    if (noted(box, S.trees)) { return; }
    if (S.trees.trees.length === 0) { noted(box, { note: 'no tree was searched: every instruction passed or none could be judged' }); return; }
    box.appendChild(el('p', { text: 'showing ' + S.trees.trees.length + ' of ' + S.trees.total + ' trees' }));
    var grid = el('div', { 'class': 'grid' });
    box.appendChild(grid);
    function style(n) {
      n.itemStyle = { color: n.success ? '#2b8a3e' : n.on_path ? '#69db7c' : n.status.indexOf('DROPPED') === 0 ? '#dee2e6' : '#adb5bd' };
      n.lineStyle = n.on_path ? { color: '#2b8a3e', width: 3 } : undefined;
      n.label = { formatter: n.name + ' V=' + n.value.toFixed(2) + ' (' + n.votes.replace(' yes / ', 'y/').replace(' no', 'n') + ')' };
      n.children.forEach(style);
    }
    S.trees.trees.forEach(function (t) {
      var root = JSON.parse(JSON.stringify(t.root));
      style(root);
      var box = chart(grid, 'iteration ' + t.iteration + ', ' + t.instruction_id + ' (' + t.nodes + ' nodes)', {
        tooltip: { trigger: 'item', confine: true, formatter: function (p) {
          var d = p.data;
          return '<b>' + d.name + '</b> ' + d.status + ', V=' + d.value.toFixed(2) + ', ' + d.votes +
            '<br><i>critique:</i> ' + echarts.format.encodeHTML(d.critique) +
            '<br><i>response:</i> ' + echarts.format.encodeHTML(d.response);
        } },
        series: [{ type: 'tree', data: [root], orient: 'TB', top: 30, bottom: 50, left: 20, right: 20,
          symbolSize: 14, expandAndCollapse: false, initialTreeDepth: -1,
          label: { position: 'right', fontSize: 11 }, leaves: { label: { position: 'bottom' } } }]
      }, t);
      var list = el('ul', { 'class': 'critiques' });
      (function walk(n) {
        if (n.critique) {
          list.appendChild(el('li', { 'class': n.on_path ? 'on-path' : '' }, [el('b', { text: n.name + ' ' }), n.critique]));
        }
        n.children.forEach(walk);
      })(t.root);
      box.insertBefore(list, box.lastChild);
    });
  })();

  // --- distributions
  (function () {
    var box = section('distributions', 'Distributions',
      'How minimal the pairs are, how deep and large the searches ran, how much the judge\'s votes agreed.');
    if (noted(box, S.distributions)) { return; }
    var d = S.distributions;
    var grid = el('div', { 'class': 'grid' });
    box.appendChild(grid);
    [['similarity', 'pair similarity (1 - edit distance / length)'], ['edit_distance', 'pair edit distance (characters)'],
      ['node_depth', 'tree nodes by depth (0: the root)'], ['nodes_used', 'nodes used per tree'],
      ['vote_agreement', 'vote agreement (majority share of Yes/No votes per sample)']].forEach(function (k) {
      chart(grid, k[1], bars(d[k[0]].labels, { count: d[k[0]].counts }, false, false), d[k[0]]);
    });
  })();

  // --- judge versus checkers
  (function () {
    var box = section('judge', 'Judge versus checkers',
      'Where the instructions carry verifiable constraints: the judge\'s PASS/FAIL on each actor sample against IFEval\'s strict checker of each constraint. Pairs can only be right where these agree.');
    if (noted(box, S.judge)) { return; }
    var j = S.judge;
    box.appendChild(el('p', {}, [
      el('span', { 'class': 'stat' }, ['agreement with all checkers: ', el('b', { text: (100 * j.overall.agreement).toFixed(1) + '%' })]),
      el('span', { 'class': 'stat' }, ['samples compared: ', el('b', { text: fmt(j.overall.total) })]),
      el('span', { 'class': 'stat' }, ['decided by: ' + Object.keys(j.decided_by).map(function (k) { return k + ' ' + j.decided_by[k]; }).join(', ')])]));
    var ids = Object.keys(j.per_constraint);
    var cells = ['judge_pass_checker_pass', 'judge_pass_checker_fail', 'judge_fail_checker_pass', 'judge_fail_checker_fail'];
    var grid = el('div', { 'class': 'grid' });
    box.appendChild(grid);
    chart(grid, 'agreement per constraint id', bars(ids,
      { agreement: ids.map(function (i) { return +j.per_constraint[i].agreement.toFixed(4); }) }, false, true), j.per_constraint, true);
    var series = {};
    cells.forEach(function (c) { series[c.replace(/_/g, ' ')] = ids.map(function (i) { return j.per_constraint[i][c]; }); });
    chart(grid, 'confusion per constraint id (samples)', bars(ids, series, true, true), j.per_constraint, true);
    var head = el('tr', {}, ['constraint id', 'samples', 'judge PASS, checker pass', 'judge PASS, checker fail',
      'judge FAIL, checker pass', 'judge FAIL, checker fail', 'agreement'].map(function (h, i) {
      return el('th', { 'class': i ? 'num' : '', text: h });
    }));
    var rows = ids.map(function (i) {
      var c = j.per_constraint[i];
      return el('tr', {}, [el('td', { text: i }), el('td', { 'class': 'num', text: fmt(c.total) })]
        .concat(cells.map(function (k) { return el('td', { 'class': 'num', text: fmt(c[k]) }); }))
        .concat([el('td', { 'class': 'num', text: (100 * c.agreement).toFixed(1) + '%' })]));
    });
    box.appendChild(el('table', { id: 'judge-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)]));
  })();

  // --- training
  (function () {
    var box = section('training', 'Training',
      'The trainer\'s metrics per step (metrics.jsonl): DPO for the actor (loss, rewards, reward accuracy, log-probs), SFT for the refiner.');
    if (noted(box, S.training)) { return; }
    S.training.runs.forEach(function (r) {
      box.appendChild(el('h3', { text: 'iteration ' + r.iteration + ', ' + r.role + (r.objective ? ' (' + r.objective + ')' : '') }));
      if (noted(box, r)) { return; }
      var grid = el('div', { 'class': 'grid' });
      box.appendChild(grid);
      r.charts.forEach(function (c) {
        chart(grid, c.title, lines(r.steps, c.series), { steps: r.steps, series: c.series });
      });
    });
  })();

  // --- evaluation
  (function () {
    var box = section('evaluation', 'Evaluation and gate',
      'IFEval accuracy of the actor before (M_t) and after (M_t+1) each iteration, per constraint id, and the promotion gate\'s decision.');
    if (noted(box, S.evaluation)) { return; }
    var its = S.evaluation.iterations;
    var grid = el('div', { 'class': 'grid' });
    box.appendChild(grid);
    var keys = ['prompt_strict', 'prompt_loose', 'instruction_strict', 'instruction_loose'];
    var series = {};
    its.forEach(function (e) {
      series['M' + e.iteration + ' (before it. ' + e.iteration + ')'] = keys.map(function (k) { return e.baseline[k]; });
      series['M' + (e.iteration + 1) + ' (after it. ' + e.iteration + ')'] = keys.map(function (k) { return e.candidate[k]; });
    });
    chart(grid, 'accuracy before and after', bars(keys, series, false, false), its);
    its.forEach(function (e) {
      var ids = Object.keys(e.candidate_per_constraint);
      if (ids.length) {
        chart(grid, 'iteration ' + e.iteration + ': strict accuracy per constraint id', bars(ids, {
          before: ids.map(function (i) { return e.baseline_per_constraint[i]; }),
          after: ids.map(function (i) { return e.candidate_per_constraint[i]; })
        }, false, true), { before: e.baseline_per_constraint, after: e.candidate_per_constraint }, true);
      }
    });
    var head = el('tr', {}, ['iteration', 'decision', 'metric', 'previous', 'candidate', 'tolerance'].map(function (h, i) {
      return el('th', { 'class': i > 1 ? 'num' : '', text: h });
    }));
    var rows = its.map(function (e) {
      var g = e.gate || {};
      return el('tr', {}, [el('td', { text: String(e.iteration) }),
        el('td', { 'class': g.decision === 'promote' ? 'promote' : 'reject', text: g.decision || 'not yet' }),
        el('td', { 'class': 'num', text: g.metric || '' }), el('td', { 'class': 'num', text: fmt(g.previous, 4) }),
        el('td', { 'class': 'num', text: fmt(g.candidate, 4) }), el('td', { 'class': 'num', text: fmt(g.tolerance, 4) })]);
    });
    box.appendChild(el('table', { id: 'gate-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)]));
  })();

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.instance.resize(); }); });

  // --- self-check for the browser test: charts that drew nothing, rows of the pair tables
  function painted(div) {
    var canvas = div.querySelector('canvas');
    if (!canvas || !canvas.width || !canvas.height) { return 0; }
    var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    var n = 0;
    for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { n++; } }
    return n;
  }
  function rows(id) {
    var table = document.getElementById(id);
    return table ? table.tBodies[0].rows.length : 0;
  }
  setTimeout(function () {
    var check = {
      errors: window.sparErrors,
      charts: charts.length,
      empty_charts: charts.filter(function (c) { return painted(c.div) === 0; }).map(function (c) { return c.title; }),
      actor_pair_rows: rows('actor-pairs-table'),
      refiner_pair_rows: rows('refiner-pairs-table'),
      notes: Array.prototype.map.call(document.querySelectorAll('.note'), function (n) { return n.textContent; })
    };
    document.body.appendChild(el('pre', { id: 'spar-self-check', hidden: 'hidden', text: JSON.stringify(check) }));
  }, 200);
})();
