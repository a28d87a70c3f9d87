from .models import AuditEvent


def record(action: str, obj, *, actor=None, summary: str = "", before=None, after=None, reason: str = "") -> AuditEvent:
    """Write one audit record; call inside the transaction of the change it describes."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:500],
        before=before,
        after=after,
        reason=reason,
    )
