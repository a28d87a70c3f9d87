from pcitrack import access


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_member": access.is_member(user),
        "is_admin": access.is_admin(user),
        "can_import_plans": access.can_import_plans(user),
        "is_monitor": access.is_monitor(user),
        "reads_everything": access.reads_everything(user),
        "has_unit": bool(access.own_unit_ids(user)),
        "unread_notifications": _unread(user),
    }


def _unread(user) -> int | None:
    """The bell's count: one count on the (user, read_at) index, for members only."""
    if not access.is_member(user):
        return None
    return access.notifications_for(user).filter(read_at=None).count()
