"""Text material (words, titles, code snippets), fonts, line wrapping and syntax colours."""

import re

from PIL import ImageFont

FONTDIR = "/usr/share/fonts/truetype/dejavu/"
_fcache = {}


def font(name, size):
    """A DejaVu font (cached) at a size of at least 6 px."""
    key = (name, int(size))
    if key not in _fcache:
        _fcache[key] = ImageFont.truetype(FONTDIR + name + ".ttf", max(6, int(size)))
    return _fcache[key]


# ---------------------------------------------------------------- text material
WORDS = [
    "latency",
    "cache",
    "index",
    "shard",
    "replica",
    "queue",
    "stream",
    "buffer",
    "kernel",
    "thread",
    "scheduler",
    "tensor",
    "gradient",
    "pipeline",
    "encoder",
    "decoder",
    "batch",
    "token",
    "model",
    "vector",
    "cluster",
    "network",
    "packet",
    "router",
    "storage",
    "snapshot",
    "compaction",
    "consensus",
    "leader",
    "follower",
    "timeout",
    "budget",
    "metric",
    "trace",
    "sampling",
    "profile",
    "allocator",
    "memory",
    "page",
    "fault",
    "branch",
    "predictor",
    "compiler",
    "parser",
    "schema",
    "migration",
    "rollout",
    "canary",
    "feature",
    "flag",
    "service",
    "mesh",
    "proxy",
    "gateway",
]
VERBS = [
    "reduce",
    "improve",
    "measure",
    "avoid",
    "batch",
    "prefetch",
    "shard",
    "compress",
    "validate",
    "replay",
    "observe",
    "cache",
    "tune",
    "split",
    "merge",
    "deploy",
    "monitor",
    "rewrite",
    "profile",
]
SHORT2 = [
    "Ship it",
    "Measure first",
    "Cache wins",
    "Mind gaps",
    "Go faster",
    "Keep calm",
    "Fail fast",
    "Think small",
    "Not yet",
    "Why?  Cost",
    "Be lazy",
    "Trust data",
    "Less code",
    "It works",
]
TITLES = [
    "Why {w} matters",
    "{W} in practice",
    "Scaling the {w} layer",
    "Lessons from {w} outages",
    "A tour of {w}",
    "{W} vs {w2}",
    "Designing for {w}",
    "What we learned about {w}",
    "The {w} budget",
    "Results: {w}",
    "Next steps",
    "Open questions",
    "Background",
    "How {w} works",
    "Debugging {w}",
]

CODE_SNIPPETS = [
    """def load_batches(path, size=64):
    # stream records in fixed-size batches
    buf = []
    for line in open(path):
        rec = json.loads(line)
        if rec.get("skip"):
            continue
        buf.append(rec)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf""",
    """class LRUCache:
    def __init__(self, capacity: int):
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key):
        if key not in self.data:
            return None
        self.data.move_to_end(key)
        return self.data[key]

    def put(self, key, value):
        self.data[key] = value
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)""",
    """async function fetchAll(urls, limit = 8) {
  const results = [];
  const queue = [...urls];
  // run at most `limit` requests at once
  const workers = Array.from({ length: limit }, async () => {
    while (queue.length) {
      const url = queue.shift();
      const res = await fetch(url);
      results.push(await res.json());
    }
  });
  await Promise.all(workers);
  return results;
}""",
    """fn checksum(data: &[u8]) -> u32 {
    let mut a: u32 = 1;
    let mut b: u32 = 0;
    // adler-32, byte by byte
    for &x in data {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}""",
    """SELECT region, COUNT(*) AS orders,
       AVG(total) AS avg_total
FROM orders o
JOIN customers c ON c.id = o.customer_id
WHERE o.created_at >= '2024-01-01'
  -- ignore test accounts
  AND c.is_test = FALSE
GROUP BY region
HAVING COUNT(*) > 100
ORDER BY avg_total DESC
LIMIT 20;""",
    """for epoch in range(num_epochs):
    model.train()
    for x, y in loader:
        opt.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        opt.step()
    # evaluate every epoch
    acc = evaluate(model, val_loader)
    print(f"epoch {epoch}: acc={acc:.3f}")
    if acc > best:
        best = acc
        torch.save(model.state_dict(), "best.pt")""",
]
KEYWORDS = set(
    [
        "def",
        "class",
        "for",
        "in",
        "if",
        "return",
        "yield",
        "import",
        "from",
        "as",
        "with",
        "while",
        "async",
        "await",
        "function",
        "const",
        "let",
        "var",
        "fn",
        "mut",
        "pub",
        "struct",
        "impl",
        "SELECT",
        "FROM",
        "WHERE",
        "JOIN",
        "ON",
        "AND",
        "GROUP",
        "BY",
        "HAVING",
        "ORDER",
        "LIMIT",
        "AS",
        "DESC",
        "FALSE",
        "TRUE",
        "None",
        "True",
        "False",
        "not",
        "continue",
        "self",
        "new",
    ]
)


def title_text(rng):
    """A slide title from the templates."""
    t = TITLES[rng.integers(len(TITLES))]
    w, w2 = rng.choice(WORDS, 2, replace=False)
    return t.format(w=w, W=w.capitalize(), w2=w2)


def bullet_text(rng):
    """A bullet: a verb and 2-7 words, capitalised."""
    k = rng.integers(3, 9)
    ws = [VERBS[rng.integers(len(VERBS))], *list(rng.choice(WORDS, k - 1))]
    s = " ".join(ws)
    return s[0].upper() + s[1:]


def wrap(t, f, width):
    """Greedy word wrap of t to lines at most width wide in font f."""
    out, cur = [], ""
    for w in t.split():
        c = (cur + " " + w).strip()
        if f.getlength(c) > width and cur:
            out.append(cur)
            cur = w
        else:
            cur = c
    if cur:
        out.append(cur)
    return out


TOKRE = re.compile(r"(#.*|--.*|//.*|\"[^\"]*\"|'[^']*'|`[^`]*`|\b\d+(?:\.\d+)?\b|\w+|\s+|.)")


def tokenize(line, th):
    """(token, colour) pairs of a code line, in the theme's syntax colours."""
    dark = th["dark"]
    col_kw = (198, 120, 221) if dark else (160, 30, 160)
    col_str = (152, 195, 121) if dark else (40, 130, 40)
    col_num = (209, 154, 102) if dark else (180, 90, 0)
    col_com = (110, 118, 130) if dark else (130, 135, 140)
    col_fn = (97, 175, 239) if dark else (0, 90, 170)
    out = []
    toks = TOKRE.findall(line)
    for i, t in enumerate(toks):
        if t.startswith("#") or t.startswith("--") or t.startswith("//"):
            c = col_com
        elif t[:1] in "\"'`":
            c = col_str
        elif t[:1].isdigit():
            c = col_num
        elif t in KEYWORDS:
            c = col_kw
        elif t[:1].isalpha() and i + 1 < len(toks) and toks[i + 1] == "(":
            c = col_fn
        else:
            c = th["fg"]
        out.append((t, c))
    return out
