"""`drift audit`: ingest a syndication feed, trace families, compare every copy with its
original, and keep everything in one SQLite file that a killed run resumes from.

Stages (each resumable on its own):

1. **Read** (`drift.ingest`): every input becomes documents or per-item errors. Each document
   is stored in its own transaction, keyed by its id and the SHA-256 of its text, so a
   re-read document is recognised and nothing is stored twice.
2. **Trace** (`drift.trace`): families of copies and their originals, over every document in
   the store (a copy published tomorrow joins today's family). Skipped when neither the set
   of documents nor the tracer's signature changed since the last trace; otherwise the
   placements are replaced in one transaction.
3. **Embed**: the body sentences of every document a comparison needs, in large batches
   through the embedding cache, so the comparisons find them there.
4. **Compare**: every copy against its family's original, only for pairs with no stored
   comparison under the same (ids, text hashes, compare signature) key. Copies go in chunks
   (`tasks.compare_tasks`): each is aligned on its own, the sentence pairs of the whole chunk
   are judged in one call, then each comparison is stored in its own transaction; serially,
   in a pool of worker processes (``jobs``), or on Ray (``engine="ray"``).

Killed at any point (``kill -9``) and restarted, a run loses at most the chunk in flight
(whose judgements are already cached) and duplicates nothing. The schema is documented in docs/audit-schema.md.

Modules: `store` (schema and the SQLite store), `models` (the embedder and judge every
process builds), `tasks` (one comparison, shared by the engines), `engine_local` (this
process or a process pool) and `engine_ray` (Ray Data) side by side, `run` (the stages),
`summary` (what `drift report` reads back).
"""

from __future__ import annotations

from .engine_local import default_jobs
from .models import ModelSpec, compare_signature, trace_signature
from .run import AuditResult, NullProgress, Progress, run_audit, trace_documents
from .store import (
    APPLICATION_ID,
    REPORT_SCHEMA,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    AuditStore,
    DocRow,
    PairKey,
    Placed,
    flat_findings,
    outlet_of,
)
from .summary import report_data, report_from_dict, stored_report
from .tasks import PairTask, WorkerError, compare_task, compare_tasks

__all__ = [
    "APPLICATION_ID", "REPORT_SCHEMA", "SCHEMA_NAME", "SCHEMA_VERSION", "AuditResult", "AuditStore", "DocRow",
    "ModelSpec", "NullProgress", "PairKey", "PairTask", "Placed", "Progress", "WorkerError", "compare_signature",
    "compare_task", "compare_tasks", "default_jobs", "flat_findings", "outlet_of", "report_data", "report_from_dict", "run_audit",
    "stored_report", "trace_documents", "trace_signature",
]
