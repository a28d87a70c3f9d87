from django import template

from pcitrack import access
from pcitrack.web import plan_choice

register = template.Library()


@register.inclusion_tag("web/_plan_chooser.html", takes_context=True)
def plan_chooser(context, plan):
    """The list of the person's plans in a plan's header, to open the same tab of another one. Shown only when
    there is another plan to open."""
    request = context["request"]
    choices = list(plan_choice.choices(request.user))
    listed = plan in choices
    return {"plan": plan, "choices": choices, "listed": listed, "tab": plan_choice.tab_of(request),
            "show": len(choices) + (0 if listed else 1) > 1}  # fmt: skip


@register.filter
def can_archive(user, plan) -> bool:
    return access.can_archive_plan(user, plan)
