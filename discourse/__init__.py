"""discourse: what a comment section thinks.

Split a comment dump into post, footer and comments (with reply links), score sentiment
with VADER, find the camps with TF-IDF clustering, and write a PDF/PNG/CSV/JSON report.

>>> import discourse
>>> thread = discourse.split_text("A post.\\nLeave a reply\\nGreat post, I agree with every word of it.")
>>> len(thread.comments)
1
"""
__version__ = "0.1.0"

from .agreement import agreement
from .cluster import StanceClusterer, cluster_texts, sweep
from .config import Config
from .errors import InputError
from .model import (Agreement, Analysis, Comment, CorpusAnalysis, Post, Sentiment, Stance,
                    Target, TargetSentiment, TargetSummary, Thread)
from .pipeline import analyse, analyse_corpus
from .readers import read_thread, read_threads
from .split import split_text, split_to_dict
from .targets import summarise_targets, target_sentiment, targets


def write_report(analysis, out_dir, formats=None, *, quiet=True):
    """Write the report files of ``analysis`` into ``out_dir``; returns their paths.

    See :func:`discourse.report.write_report`. Imported lazily: matplotlib loads only
    when a report is written.
    """
    from .report import write_report as _write

    return _write(analysis, out_dir, formats, quiet=quiet)


__all__ = [
    "Agreement", "Analysis", "Comment", "Config", "CorpusAnalysis", "InputError", "Post",
    "Sentiment", "Stance", "StanceClusterer", "Target", "TargetSentiment", "TargetSummary",
    "Thread", "agreement", "analyse", "analyse_corpus", "cluster_texts", "read_thread",
    "read_threads", "split_text", "split_to_dict", "summarise_targets", "sweep",
    "target_sentiment", "targets", "write_report", "__version__",
]
