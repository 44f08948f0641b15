"""Members: the services, the API contract, the set-password link and the page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from annotator.accounts.models import Event, EventAction, Membership, Role, User
from annotator.accounts.services import (
    member_set_password_path,
    membership_add,
    membership_remove,
    membership_set,
    set_password_path,
)
from annotator.core.errors import DomainError
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

NEW_PASSWORD = "quiet-harbour-lantern-42"


def _events(action):
    return list(Event.objects.filter(action=action).order_by("id"))


# --- services ---------------------------------------------------------------------


@pytest.mark.django_db
def test_membership_add_existing_user_records_an_event(project, manager):
    bob = UserFactory(username="bob")
    added = membership_add(project=project, username="bob", role=Role.REVIEWER, actor=manager)
    assert (added.membership.user, added.membership.role) == (bob, Role.REVIEWER)
    assert added.user_created is False and added.set_password_path is None
    (event,) = _events(EventAction.MEMBER_ADD)
    assert (event.actor, event.project, event.object_type) == (manager, project, "membership")
    assert event.after == {"user_id": bob.pk, "username": "bob", "role": "reviewer", "user_created": False}


@pytest.mark.django_db
def test_membership_add_finds_a_user_whose_name_differs_only_in_case(project, manager):
    alice = UserFactory(username="Alice")
    added = membership_add(project=project, username=" alice ", role=Role.ANNOTATOR, actor=manager)
    assert added.membership.user == alice and not added.user_created


@pytest.mark.django_db
def test_membership_add_creates_a_user_without_a_usable_password(project, manager):
    added = membership_add(project=project, username="newcomer", role=Role.ANNOTATOR, actor=manager)
    user = User.objects.get(username="newcomer")
    assert added.user_created and added.membership.user == user
    assert not user.has_usable_password()
    assert added.set_password_path.startswith("/reset/")
    assert _events(EventAction.MEMBER_ADD)[0].after["user_created"] is True
    assert added.set_password_path not in str(_events(EventAction.MEMBER_ADD)[0].after)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username,message",
    [("", "Give the username"), ("no spaces allowed", "Cannot create the user"), ("x" * 151, "Cannot create")],
)
def test_membership_add_refuses_bad_usernames(project, manager, username, message):
    with pytest.raises(DomainError, match=message):
        membership_add(project=project, username=username, role=Role.ANNOTATOR, actor=manager)
    assert not User.objects.exclude(pk=manager.pk).exists()


@pytest.mark.django_db
def test_membership_add_refuses_a_member_and_unknown_roles(project, manager, annotator):
    with pytest.raises(DomainError, match="is a member of this project already .as annotator"):
        membership_add(project=project, username=annotator.username, role=Role.REVIEWER, actor=manager)
    with pytest.raises(DomainError, match="Unknown role 'boss'"):
        membership_add(project=project, username="someone", role="boss", actor=manager)
    assert not User.objects.filter(username="someone").exists()


@pytest.mark.django_db
def test_membership_set_changes_a_role_and_records_before_and_after(project, manager, annotator):
    membership_set(project=project, user=annotator, role=Role.REVIEWER, actor=manager)
    assert Membership.objects.get(user=annotator).role == Role.REVIEWER
    (event,) = _events(EventAction.MEMBER_ROLE)
    assert event.before["role"] == "annotator" and event.after["role"] == "reviewer"
    membership_set(project=project, user=annotator, role=Role.REVIEWER, actor=manager)  # unchanged: no event
    assert len(_events(EventAction.MEMBER_ROLE)) == 1


@pytest.mark.django_db
def test_the_last_manager_can_be_neither_demoted_nor_removed(project, manager):
    with pytest.raises(DomainError, match="last manager: make another member a manager before you demote"):
        membership_set(project=project, user=manager, role=Role.REVIEWER, actor=manager)
    membership = Membership.objects.get(user=manager)
    with pytest.raises(DomainError, match="last manager: make another member a manager before you remove"):
        membership_remove(membership=membership, actor=manager)
    assert Membership.objects.get(user=manager).role == Role.MANAGER
    other = MembershipFactory(project=project, role=Role.MANAGER).user
    membership_set(project=project, user=manager, role=Role.REVIEWER, actor=other)
    with pytest.raises(DomainError, match="last manager"):
        membership_remove(membership=Membership.objects.get(user=other), actor=other)


@pytest.mark.django_db
def test_managers_of_another_project_do_not_count(project, manager):
    MembershipFactory(project=ProjectFactory(), user=UserFactory(), role=Role.MANAGER)
    with pytest.raises(DomainError, match="last manager"):
        membership_remove(membership=Membership.objects.get(user=manager), actor=manager)


@pytest.mark.django_db
def test_membership_remove_records_what_was_removed(project, manager, reviewer):
    membership = Membership.objects.get(user=reviewer)
    membership_remove(membership=membership, actor=manager)
    assert not Membership.objects.filter(user=reviewer).exists()
    assert User.objects.filter(pk=reviewer.pk).exists()
    (event,) = _events(EventAction.MEMBER_REMOVE)
    assert event.object_id == str(membership.pk)
    assert event.before == {"user_id": reviewer.pk, "username": reviewer.username, "role": "reviewer"}


@pytest.mark.django_db
def test_a_new_link_only_for_accounts_nobody_else_could_give_one_for(project, manager, annotator):
    added = membership_add(project=project, username="ivan", role=Role.ANNOTATOR, actor=manager)
    path = member_set_password_path(membership=added.membership)
    assert path.split("/")[:3] == added.set_password_path.split("/")[:3]  # /reset/<the same user>/
    with pytest.raises(DomainError, match="has a password already"):
        member_set_password_path(membership=Membership.objects.get(user=annotator))
    MembershipFactory(project=ProjectFactory(slug="elsewhere"), user=added.membership.user)
    with pytest.raises(DomainError, match="belongs to other projects too"):
        member_set_password_path(membership=added.membership)
    admin = UserFactory(username="root", is_staff=True)
    admin.set_unusable_password()
    admin.save()
    with pytest.raises(DomainError, match="site administrator"):
        member_set_password_path(membership=MembershipFactory(project=project, user=admin))


# --- API ----------------------------------------------------------------------------


def members_url(project, user_id=None):
    base = f"/api/projects/{project.slug}/members/"
    return base if user_id is None else f"{base}{user_id}/"


@pytest.mark.django_db
def test_api_lists_members_paginated(manager_api, project, manager, reviewer, annotator):
    body = manager_api.get(members_url(project)).json()
    assert body["count"] == 3 and set(body) >= {"next", "previous", "results"}
    assert body["results"] == [
        {"user_id": manager.pk, "username": "manager-user", "role": "manager"},
        {"user_id": reviewer.pk, "username": "reviewer-user", "role": "reviewer"},
        {"user_id": annotator.pk, "username": "annotator-user", "role": "annotator"},
    ]
    page = manager_api.get(members_url(project), {"page_size": 2}).json()
    assert len(page["results"]) == 2 and page["next"]


@pytest.mark.django_db
def test_api_adds_an_existing_user(manager_api, project):
    carol = UserFactory(username="carol")
    response = manager_api.post(members_url(project), {"username": "carol", "role": "reviewer"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json() == {
        "user_id": carol.pk,
        "username": "carol",
        "role": "reviewer",
        "user_created": False,
        "set_password_url": None,
    }


@pytest.mark.django_db
def test_api_role_defaults_to_annotator_and_bad_bodies_are_400(manager_api, project, annotator):
    response = manager_api.post(members_url(project), {"username": "dave"}, format="json")
    assert response.status_code == 201 and response.json()["role"] == "annotator"
    response = manager_api.post(members_url(project), {"username": "erin", "role": "boss"}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == 'role: "boss" is not a valid choice.'
    response = manager_api.post(members_url(project), {"role": "annotator"}, format="json")
    assert response.status_code == 400 and "username" in response.json()["errors"]
    response = manager_api.post(members_url(project), {"username": annotator.username}, format="json")
    assert response.status_code == 400 and "is a member of this project already" in response.json()["detail"]


@pytest.mark.django_db
def test_api_new_user_gets_a_set_password_link_that_works(manager_api, project):
    response = manager_api.post(members_url(project), {"username": "frank", "role": "annotator"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["user_created"] is True and body["username"] == "frank"
    link = body["set_password_url"]
    assert link.startswith("http://testserver/reset/")

    client = Client()
    assert client.login(username="frank", password="") is False
    page = client.get(link, follow=True)  # Django moves the token into the session first
    assert page.status_code == 200 and b"Set your password" in page.content and b"frank" in page.content
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.status_code == 200 and b"Your password is set" in done.content

    assert client.login(username="frank", password=NEW_PASSWORD)
    assert client.get(project.get_absolute_url()).status_code == 200
    again = Client().get(link, follow=True)  # used once: the link no longer works
    assert b"This link does not work" in again.content


@pytest.mark.django_db
def test_set_password_page_shows_validation_errors(project, manager):
    user = membership_add(project=project, username="gina", role=Role.ANNOTATOR, actor=manager).membership.user
    client = Client()
    page = client.get(set_password_path(user=user), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "124"})
    assert response.status_code == 200
    assert b"didn\xe2\x80\x99t match" in response.content or b"did not match" in response.content
    user.refresh_from_db()
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_api_changes_a_role(manager_api, project, annotator):
    response = manager_api.patch(members_url(project, annotator.pk), {"role": "reviewer"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"user_id": annotator.pk, "username": annotator.username, "role": "reviewer"}
    assert _events(EventAction.MEMBER_ROLE)[0].after["role"] == "reviewer"
    response = manager_api.patch(members_url(project, annotator.pk), {}, format="json")
    assert response.status_code == 400 and "role" in response.json()["errors"]


@pytest.mark.django_db
def test_api_removes_a_member(manager_api, project, reviewer):
    response = manager_api.delete(members_url(project, reviewer.pk))
    assert response.status_code == 204
    assert not Membership.objects.filter(project=project, user=reviewer).exists()
    assert len(_events(EventAction.MEMBER_REMOVE)) == 1
    assert manager_api.delete(members_url(project, reviewer.pk)).status_code == 404


@pytest.mark.django_db
def test_api_refuses_to_leave_the_project_without_a_manager(manager_api, project, manager):
    response = manager_api.patch(members_url(project, manager.pk), {"role": "annotator"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "manager-user is the project's last manager: make another member a manager before you demote them."
    }
    response = manager_api.delete(members_url(project, manager.pk))
    assert response.status_code == 400 and "last manager" in response.json()["detail"]
    assert Membership.objects.get(user=manager).role == Role.MANAGER
    assert not Event.objects.filter(action__in=[EventAction.MEMBER_ROLE, EventAction.MEMBER_REMOVE]).exists()


@pytest.mark.django_db
def test_api_member_of_another_project_is_404(manager_api, project):
    stranger = MembershipFactory(project=ProjectFactory(slug="other"), role=Role.ANNOTATOR).user
    assert manager_api.patch(members_url(project, stranger.pk), {"role": "reviewer"}, format="json").status_code == 404
    assert manager_api.delete(members_url(project, stranger.pk)).status_code == 404
    assert Membership.objects.get(user=stranger).role == Role.ANNOTATOR


# --- page ---------------------------------------------------------------------------


@pytest.fixture
def manager_client(manager):
    client = Client()
    client.force_login(manager)
    return client


def page_url(project):
    return reverse("accounts:members", kwargs={"slug": project.slug})


@pytest.mark.django_db
def test_page_lists_members_with_role_selects_and_remove_buttons(manager_client, project, reviewer, annotator):
    response = manager_client.get(page_url(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Members of News" in html and "Add member" in html
    for user in (reviewer, annotator):
        assert f'id="role-{user.pk}"' in html and f'aria-label="Remove {user.username} from the project"' in html
    assert re.search(rf'<select id="role-{reviewer.pk}" name="role">.*?value="reviewer" selected', html, re.S)
    assert "<script>" not in html and "style=" not in html  # strict CSP: no inline code


@pytest.mark.django_db
def test_page_adds_a_new_user_and_shows_the_link_once(manager_client, project):
    response = manager_client.post(page_url(project), {"action": "add", "username": "hana", "role": "reviewer"})
    assert response.status_code == 302
    page = manager_client.get(page_url(project)).content.decode()
    assert "Created the user hana and added them as reviewer." in page
    link = re.search(r'id="invitation-url" type="text" readonly value="([^"]+)"', page).group(1)
    assert link.startswith("http://testserver/reset/")
    assert "invitation-url" not in manager_client.get(page_url(project)).content.decode()  # shown once
    assert Membership.objects.get(user__username="hana").role == Role.REVIEWER


@pytest.mark.django_db
def test_page_gives_a_new_link_to_a_member_without_a_password(manager_client, project, manager, annotator):
    user = membership_add(project=project, username="jo", role=Role.ANNOTATOR, actor=manager).membership.user
    page = manager_client.get(page_url(project)).content.decode()  # shows (and forgets) the first link
    page = manager_client.get(page_url(project)).content.decode()
    assert 'aria-label="New set-password link for jo"' in page
    assert f'aria-label="New set-password link for {annotator.username}"' not in page  # has a password
    response = manager_client.post(page_url(project), {"action": "link", "user_id": user.pk}, follow=True)
    html = response.content.decode()
    assert "A new set-password link for jo." in html
    link = re.search(r'id="invitation-url" type="text" readonly value="([^"]+)"', html).group(1)
    client = Client()
    form_page = client.get(link, follow=True)
    assert b"Your username is <strong>jo</strong>" in form_page.content
    response = manager_client.post(page_url(project), {"action": "link", "user_id": annotator.pk}, follow=True)
    assert "has a password already" in response.content.decode()


@pytest.mark.django_db
def test_page_add_errors_are_shown_with_the_form(manager_client, project, annotator):
    response = manager_client.post(
        page_url(project), {"action": "add", "username": annotator.username, "role": "reviewer"}
    )
    assert response.status_code == 400
    assert "is a member of this project already" in response.content.decode()
    response = manager_client.post(page_url(project), {"action": "add", "username": "", "role": "annotator"})
    assert response.status_code == 400 and "This field is required." in response.content.decode()


@pytest.mark.django_db
def test_page_changes_roles_and_removes_with_messages(manager_client, project, annotator, reviewer):
    response = manager_client.post(
        page_url(project), {"action": "role", "user_id": annotator.pk, "role": "reviewer"}, follow=True
    )
    assert "annotator-user is now a reviewer." in response.content.decode()
    response = manager_client.post(
        page_url(project), {"action": "role", "user_id": reviewer.pk, "role": "annotator"}, follow=True
    )
    assert "reviewer-user is now an annotator." in response.content.decode()
    response = manager_client.post(
        page_url(project), {"action": "role", "user_id": reviewer.pk, "role": "annotator"}, follow=True
    )
    assert "reviewer-user is an annotator already." in response.content.decode()
    response = manager_client.post(page_url(project), {"action": "remove", "user_id": reviewer.pk}, follow=True)
    assert "Removed reviewer-user from News." in response.content.decode()
    assert list(Membership.objects.filter(project=project).values_list("user__username", "role").order_by("id")) == [
        ("manager-user", "manager"),
        ("annotator-user", "reviewer"),
    ]


@pytest.mark.django_db
def test_page_shows_the_last_manager_guard(manager_client, project, manager):
    response = manager_client.post(
        page_url(project), {"action": "role", "user_id": manager.pk, "role": "annotator"}, follow=True
    )
    assert "manager-user is the project&#x27;s last manager" in response.content.decode()
    response = manager_client.post(page_url(project), {"action": "remove", "user_id": manager.pk}, follow=True)
    assert "before you remove them" in response.content.decode()
    assert Membership.objects.get(user=manager).role == Role.MANAGER


@pytest.mark.django_db
def test_page_errors_for_unknown_members_and_actions(manager_client, project):
    response = manager_client.post(page_url(project), {"action": "remove", "user_id": "999999"}, follow=True)
    assert "not a member of this project" in response.content.decode()
    response = manager_client.post(page_url(project), {"action": "explode"}, follow=True)
    assert "Unknown action" in response.content.decode()


@pytest.mark.django_db
def test_a_manager_who_steps_down_goes_back_to_the_project(manager_client, project, manager):
    MembershipFactory(project=project, role=Role.MANAGER)
    response = manager_client.post(page_url(project), {"action": "role", "user_id": manager.pk, "role": "reviewer"})
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()


@pytest.mark.django_db
def test_page_is_paginated(manager_client, project):
    for i in range(30):
        MembershipFactory(project=project, user=UserFactory(username=f"member{i:02}"))
    first = manager_client.get(page_url(project)).content.decode()
    assert "31 members" in first and "Page 1 of 2" in first and 'rel="next"' in first
    second = manager_client.get(page_url(project), {"page": 2}).content.decode()
    assert "member29" in second and "member00" not in second
    # A row action on page 2 comes back to page 2.
    response = manager_client.post(page_url(project), {"action": "remove", "user_id": 999999, "page": "2"})
    assert response["Location"] == page_url(project) + "?page=2"
