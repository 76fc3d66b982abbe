from .concerns import (
    Category,
    CloseReason,
    Concern,
    ConcernPhoto,
    ConcernStatus,
    ConcernUpdate,
    IdempotencyRecord,
    Support,
    UpdateKind,
)
from .open311 import ApiClient
from .submissions import RateLimitHit, TipSubmissionKey
from .tips import Tip, TipEvent, TipMessage, TipStatus

__all__ = [
    "ApiClient",
    "Category",
    "CloseReason",
    "Concern",
    "ConcernPhoto",
    "ConcernStatus",
    "ConcernUpdate",
    "IdempotencyRecord",
    "RateLimitHit",
    "Support",
    "Tip",
    "TipEvent",
    "TipMessage",
    "TipStatus",
    "TipSubmissionKey",
    "UpdateKind",
]
