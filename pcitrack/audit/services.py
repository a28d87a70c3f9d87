from django.db.models import Q

from .models import AuditEvent


def subject_filter(model, pk) -> Q:
    """The events recorded with this object as their subject (model: its class or an instance)."""
    return Q(subject_type=model._meta.label_lower, subject_id=str(pk))


def record(
    action: str, obj, *, actor=None, summary: str = "", before=None, after=None, reason: str = "", subject=None
) -> AuditEvent:
    """Write one audit record; call inside the transaction of the change it describes.

    obj is the changed object, or None for a change to the deployment as a whole (files, a restore). subject is
    the object whose history the change belongs to (an observation's indicator): that history is read through an
    index on it (see subject_filter).
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "pcitrack",
        object_id=str(obj.pk) if obj is not None else "",
        subject_type=subject._meta.label_lower if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else None,
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
