from .models import AuditEvent


def record(action: str, obj, *, actor=None, summary: str = "", before=None, after=None, reason: str = "") -> AuditEvent:
    """Write one audit record; call inside the transaction of the change it describes.

    obj is the changed object, or None for a change to the deployment as a whole (files, a restore).
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "pcitrack",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        before=before,
        after=after,
        reason=reason,
    )


def record_login(action: str, *, username: str, ip: str | None, user=None, actor=None, **details) -> AuditEvent:
    """A log-in, log-out or refused log-in. A refused one may name no existing user: the name stays in the summary."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type="auth.user",
        object_id=str(user.pk) if user is not None else "",
        summary=f"{username} · {ip or '?'}"[:500],
        after={"username": username, "ip": ip, **details},
    )
