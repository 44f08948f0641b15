"""`{% load roles %}` then `{% if project|role_for:user == "manager" %}` in templates."""

from django import template

from annotator.accounts.selectors import project_role

register = template.Library()


@register.filter
def role_for(project, user) -> str:
    """The user's role in the project ("" when none); cached per request user."""
    if project is None or user is None:
        return ""
    return project_role(user=user, project=project) or ""
