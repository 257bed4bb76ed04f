//! From a trace to its critical path: the root, clipping to parents, the
//! walk itself, the groups of its segments and the preview's bars.

// foldhash, not SipHash: the keys are span ids from the file, hashed
// hundreds of thousands of times. Seeded at random per map (unlike
// FxHash, whose function is public), so a file crafted for collisions
// cannot make the walk quadratic.
use foldhash::HashMap;

use super::{Hint, Trace, normalize_id};
use crate::import::{ImportError, Options};

/// One piece of the critical path: a span's own time between two instants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Index of the span in the trace's span list.
    pub span: usize,
    /// Start, in source units.
    pub start: i64,
    /// End, in source units.
    pub end: i64,
}

/// A span of the selected trace as drawn in the import preview.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// `service: operation`.
    pub name: String,
    /// Depth in the tree (the root is 0).
    pub depth: usize,
    /// Its clipped interval, ms from the root's start.
    pub start_ms: f64,
    /// Its clipped end, ms from the root's start.
    pub end_ms: f64,
    /// Its critical segments, ms from the root's start.
    pub critical: Vec<(f64, f64)>,
}

/// A group of critical segments: one budget span before merging.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// `service: operation`.
    pub name: String,
    /// Σ segment lengths, in source units.
    pub units: i64,
    /// The earliest segment's start: the group's place in the budget.
    pub first: i64,
    /// The kind of the span owning the earliest segment (before rules).
    pub hint: Hint,
}

/// What the trace step produced, before merging and rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Walked {
    /// The selected trace's id.
    pub trace_id: String,
    /// The root span's name.
    pub root_name: String,
    /// The root's duration, in source units.
    pub root_units: i64,
    /// The groups, in order of their earliest segment.
    pub groups: Vec<Group>,
    /// The preview's bars (the tree, clipped), capped.
    pub bars: Vec<Bar>,
    /// Spans in the selected trace's tree.
    pub kept: usize,
    /// What was set aside: (count, why).
    pub set_aside: Vec<(usize, &'static str)>,
    /// Other traces in the file.
    pub other_traces: usize,
}

/// Bars the preview draws at most (the critical ones first).
const MAX_BARS: usize = 400;

/// The largest time (start or end) a span may have, in source units.
const TIME_LIMIT: u64 = 1 << 62;
/// The longest root span: 1e12 ms, about 31 years, keeps every budget
/// number far inside what a scenario accepts (1e15).
const MAX_ROOT_MS: f64 = 1e12;

/// Picks the trace and walks its critical path.
pub fn walk(trace: &Trace, options: &Options) -> Result<Walked, ImportError> {
    if trace.spans.is_empty() {
        return Err(ImportError::Empty("the file has no spans".into()));
    }
    for s in &trace.spans {
        if s.duration < 0 {
            return Err(ImportError::Invalid(format!(
                "span {} ({}) has a negative duration ({})",
                s.span_id,
                s.name(),
                s.duration
            )));
        }
        // Within ±2^62 units every difference of two times fits in an i64.
        let within = |t: i64| t.unsigned_abs() <= TIME_LIMIT;
        if !within(s.start)
            || s.start
                .checked_add(s.duration)
                .is_none_or(|end| !within(end))
        {
            return Err(ImportError::Invalid(format!(
                "span {} ({}) starts at {} and lasts {}: times that large are not timestamps \
                 (at most ±2^62 units)",
                s.span_id,
                s.name(),
                s.start,
                s.duration
            )));
        }
    }
    // Spans by trace, in file order; ids within a trace.
    let mut traces: Vec<(String, Vec<usize>)> = Vec::new();
    let mut trace_index: HashMap<&str, usize> = HashMap::default();
    for (i, s) in trace.spans.iter().enumerate() {
        let t = *trace_index.entry(s.trace_id.as_str()).or_insert_with(|| {
            traces.push((s.trace_id.clone(), Vec::new()));
            traces.len() - 1
        });
        traces[t].1.push(i);
    }
    let mut duplicates = 0;
    let mut by_id: Vec<HashMap<&str, usize>> = Vec::with_capacity(traces.len());
    for (_, members) in &traces {
        let mut ids = HashMap::with_capacity_and_hasher(members.len(), Default::default());
        for &i in members {
            if ids.insert(trace.spans[i].span_id.as_str(), i).is_some() {
                duplicates += 1;
            }
        }
        by_id.push(ids);
    }
    // Each span's parent within its trace, looked up once.
    let mut parent_of: Vec<Option<usize>> = vec![None; trace.spans.len()];
    for ((_, members), ids) in traces.iter().zip(&by_id) {
        for &i in members {
            parent_of[i] = trace.spans[i]
                .parent
                .as_deref()
                .and_then(|p| ids.get(p).copied());
        }
    }
    check_cycles(trace, &traces, &parent_of)?;
    // Each trace's root: the longest span whose parent is not in the trace.
    let roots: Vec<Option<usize>> = traces
        .iter()
        .map(|(_, members)| {
            let mut best: Option<usize> = None;
            for &i in members {
                let s = &trace.spans[i];
                let parentless = parent_of[i].is_none();
                if parentless
                    && !s.follows_from
                    && best.is_none_or(|b| s.duration > trace.spans[b].duration)
                {
                    best = Some(i);
                }
            }
            best
        })
        .collect();
    let chosen = match &options.trace {
        Some(wanted) => {
            let wanted = normalize_id(wanted);
            traces
                .iter()
                .position(|(id, _)| *id == wanted)
                .ok_or_else(|| ImportError::UnknownTrace {
                    have: traces.iter().map(|t| t.0.clone()).collect(),
                    wanted,
                })?
        }
        None => {
            let longest = roots
                .iter()
                .filter_map(|r| r.map(|i| trace.spans[i].duration))
                .max()
                .ok_or_else(|| ImportError::Empty("no trace has a root span".into()))?;
            let tied: Vec<usize> = (0..traces.len())
                .filter(|&t| roots[t].is_some_and(|i| trace.spans[i].duration == longest))
                .collect();
            if tied.len() > 1 {
                return Err(ImportError::Tied {
                    ids: tied.iter().map(|&t| traces[t].0.clone()).collect(),
                });
            }
            tied[0]
        }
    };
    let root = roots[chosen].ok_or_else(|| {
        ImportError::Empty(format!("trace {} has no root span", traces[chosen].0))
    })?;
    let root_span = &trace.spans[root];
    let root_ms = root_span.duration as f64 / trace.units_per_ms;
    if root_span.duration == 0 {
        return Err(ImportError::Empty(format!(
            "the root span {} lasts 0: there is no time to budget",
            root_span.name()
        )));
    }
    if root_ms > MAX_ROOT_MS {
        return Err(ImportError::Invalid(format!(
            "the root span {} lasts {} ms, over 30 years: not a request perfcase can budget",
            root_span.name(),
            crate::format::short(root_ms)
        )));
    }
    let members = &traces[chosen].1;
    // Children (CHILD_OF within the trace), in file order.
    // Dense tables by span index: a lookup is an index, not a hash.
    let mut follows = 0;
    let mut edges = Vec::with_capacity(members.len());
    for &i in members {
        if trace.spans[i].follows_from {
            follows += 1;
            continue;
        }
        if let Some(p) = parent_of[i]
            && p != i
        {
            edges.push((p, i));
        }
    }
    let mut children = Children::new(trace.spans.len(), &edges);
    drop(edges);
    // Clip top-down, breadth first: each child to its parent's clipped interval.
    let mut clipped: Vec<Option<(i64, i64)>> = vec![None; trace.spans.len()];
    clipped[root] = Some((root_span.start, root_span.end()));
    let mut order = vec![(root, 0usize)];
    let (mut n_clipped, mut n_dropped) = (0, 0);
    let mut next = 0;
    while next < order.len() {
        let (p, depth) = order[next];
        next += 1;
        let Some((ps, pe)) = clipped[p] else { continue };
        for &c in children.of(p) {
            let s = &trace.spans[c];
            let (cs, ce) = (s.start.max(ps), s.end().min(pe));
            if ce <= cs {
                n_dropped += 1 + descendants(&children, c);
                continue;
            }
            if (cs, ce) != (s.start, s.end()) {
                n_clipped += 1;
            }
            clipped[c] = Some((cs, ce));
            order.push((c, depth + 1));
        }
    }
    let kept = order.len();
    let outside_tree = members.len() - kept - n_dropped;
    let segments = critical_path(root, &mut children, &clipped);
    // Groups, by (service, operation), in order of their earliest segment.
    let mut groups: Vec<Group> = Vec::new();
    // Keyed by the span's own strings: the name is formatted once a group.
    let mut group_of: HashMap<(&str, &str), usize> = HashMap::default();
    for seg in &segments {
        let s = &trace.spans[seg.span];
        let key = (s.service.as_deref().unwrap_or(""), s.operation.as_str());
        let len = seg.end - seg.start;
        match group_of.get(&key) {
            Some(&g) => {
                let group = &mut groups[g];
                group.units += len;
                if seg.start < group.first {
                    group.first = seg.start;
                    group.hint = s.hint;
                }
            }
            None => {
                group_of.insert(key, groups.len());
                groups.push(Group {
                    name: s.name(),
                    units: len,
                    first: seg.start,
                    hint: s.hint,
                });
            }
        }
    }
    groups.retain(|g| g.units > 0);
    // Stable: groups whose earliest segments start together keep their walk order.
    groups.sort_by_key(|g| g.first);
    let bars = preview_bars(
        trace,
        &order,
        &clipped,
        &segments,
        root_span.start,
        trace.units_per_ms,
    );
    let mut set_aside = Vec::new();
    for (count, why) in [
        (n_clipped, "clipped to their parent's interval"),
        (
            n_dropped,
            "dropped (wholly outside their parent: clock skew)",
        ),
        (follows, "left out (FOLLOWS_FROM)"),
        (
            outside_tree.saturating_sub(follows),
            "left out (orphans outside the root's tree)",
        ),
        (duplicates, "left out (duplicate span ids)"),
    ] {
        if count > 0 {
            set_aside.push((count, why));
        }
    }
    Ok(Walked {
        trace_id: traces[chosen].0.clone(),
        root_name: root_span.name(),
        root_units: root_span.duration,
        groups,
        bars,
        kept,
        set_aside,
        other_traces: traces.len() - 1,
    })
}

/// Each span's children, in file order, as one flat table (two
/// allocations for the whole trace, not one per span: a million-span trace
/// spent much of its time allocating and freeing child lists).
struct Children {
    /// Span p's children are `list[start[p]..start[p + 1]]`.
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Children {
    /// The table of the (parent, child) `edges`, kept in their order.
    fn new(spans: usize, edges: &[(usize, usize)]) -> Self {
        let mut start = vec![0; spans + 1];
        for &(p, _) in edges {
            start[p + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut list = vec![0; edges.len()];
        for &(p, c) in edges {
            list[fill[p]] = c;
            fill[p] += 1;
        }
        Self { start, list }
    }

    fn of(&self, span: usize) -> &[usize] {
        &self.list[self.start[span]..self.start[span + 1]]
    }

    fn of_mut(&mut self, span: usize) -> &mut [usize] {
        &mut self.list[self.start[span]..self.start[span + 1]]
    }
}

/// How many spans hang below `span`.
fn descendants(children: &Children, span: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![span];
    while let Some(s) = stack.pop() {
        let c = children.of(s);
        count += c.len();
        stack.extend(c);
    }
    count
}

/// Refuses a cycle anywhere in the parent links (CHILD_OF), reachable from
/// the root or not, naming a span on it.
fn check_cycles(
    trace: &Trace,
    traces: &[(String, Vec<usize>)],
    parent_of: &[Option<usize>],
) -> Result<(), ImportError> {
    // 0: unseen, 1: on the current chain, 2: known to reach a root.
    let mut state = vec![0u8; trace.spans.len()];
    for (_, members) in traces {
        for &start in members {
            let mut chain = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                match state[i] {
                    2 => break,
                    1 => {
                        let s = &trace.spans[i];
                        return Err(ImportError::Invalid(format!(
                            "a cycle in the parent links through span {} ({})",
                            s.span_id,
                            s.name()
                        )));
                    }
                    _ => {}
                }
                state[i] = 1;
                chain.push(i);
                at = parent_of[i];
            }
            for i in chain {
                state[i] = 2;
            }
        }
    }
    Ok(())
}

/// The critical path from the root, as Jaeger UI computes it but with ≤ so
/// back-to-back children count: cp(S, until) takes, among S's children
/// ending at or before `until`, the one ending last (ties: the one starting
/// earlier, then file order); [its end, until] is S's own time; it recurses
/// into that child, then goes on in S until the child's start. The
/// segments partition the root's interval.
fn critical_path(
    root: usize,
    children: &mut Children,
    clipped: &[Option<(i64, i64)>],
) -> Vec<Segment> {
    // Only kept spans are walked, and every kept span has its interval.
    let at = |i: usize| clipped[i].unwrap_or((0, 0));
    // Each span's children by end (latest first), then start, then file
    // order, sorted in place when the walk first enters the span; a
    // dropped child (no interval) is passed over where it lies.
    let sort = |s: usize, children: &mut Children| {
        children.of_mut(s).sort_by(|&a, &b| {
            let (sa, ea) = at(a);
            let (sb, eb) = at(b);
            eb.cmp(&ea).then(sa.cmp(&sb)).then(a.cmp(&b))
        });
    };
    let mut segments = Vec::new();
    sort(root, children);
    // Frames: (span, until, next child to consider).
    let mut stack: Vec<(usize, i64, usize)> = vec![(root, at(root).1, 0)];
    while let Some((span, until, mut next)) = stack.pop() {
        let (span_start, _) = at(span);
        let kids = children.of(span);
        // The first kept child (in end order) that ends at or before `until`.
        while next < kids.len() && (clipped[kids[next]].is_none() || at(kids[next]).1 > until) {
            next += 1;
        }
        match kids.get(next) {
            Some(&child) => {
                let (child_start, child_end) = at(child);
                if child_end < until {
                    segments.push(Segment {
                        span,
                        start: child_end,
                        end: until,
                    });
                }
                // Come back to this span once the child is done, until its start.
                stack.push((span, child_start, next + 1));
                sort(child, children);
                stack.push((child, child_end, 0));
            }
            None => {
                if span_start < until {
                    segments.push(Segment {
                        span,
                        start: span_start,
                        end: until,
                    });
                }
            }
        }
    }
    segments.sort_by_key(|s| s.start);
    segments
}

/// The preview's bars: every span on the critical path, then the others
/// in tree order, up to [`MAX_BARS`]; drawn in tree order.
fn preview_bars(
    trace: &Trace,
    order: &[(usize, usize)],
    clipped: &[Option<(i64, i64)>],
    segments: &[Segment],
    origin: i64,
    units_per_ms: f64,
) -> Vec<Bar> {
    let ms = |u: i64| (u - origin) as f64 / units_per_ms;
    // Dense marks by span index (a million-span critical path made a map
    // of segment lists the preview's whole cost); only the picked bars
    // collect their segments.
    let mut on_path = vec![false; trace.spans.len()];
    for seg in segments {
        on_path[seg.span] = true;
    }
    // (position in the tree, span, depth): critical spans first, then the rest.
    let mut picked: Vec<(usize, usize, usize)> = order
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| on_path[*s])
        .map(|(k, &(s, d))| (k, s, d))
        .take(MAX_BARS)
        .collect();
    picked.extend(
        order
            .iter()
            .enumerate()
            .filter(|(_, (s, _))| !on_path[*s])
            .map(|(k, &(s, d))| (k, s, d))
            .take(MAX_BARS.saturating_sub(picked.len())),
    );
    picked.sort_unstable_by_key(|&(k, _, _)| k);
    let mut bar_of: HashMap<usize, usize> = HashMap::default();
    for (b, &(_, s, _)) in picked.iter().enumerate() {
        bar_of.insert(s, b);
    }
    let mut critical: Vec<Vec<(f64, f64)>> = vec![Vec::new(); picked.len()];
    for seg in segments {
        if let Some(&b) = bar_of.get(&seg.span) {
            critical[b].push((ms(seg.start), ms(seg.end)));
        }
    }
    picked
        .into_iter()
        .zip(critical)
        .map(|((_, s, depth), critical)| {
            let (start, end) = clipped[s].unwrap_or((origin, origin));
            Bar {
                name: trace.spans[s].name(),
                depth,
                start_ms: ms(start),
                end_ms: ms(end),
                critical,
            }
        })
        .collect()
}
