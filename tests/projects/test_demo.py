from beatbridge.projects.demo import load_demo
from beatbridge.projects.models import Project


def test_demo_projects_load_once(project, priority, officer, org, resident):
    from beatbridge.priorities import services as priority_services

    # The fixture project already covers `priority`; a second current priority gets one.
    other = priority_services.propose_priority(priority.area, title="Speeding", by=resident)
    priority_services.confirm_priorities(priority.area, chosen=[other], by=officer)
    lines = []
    load_demo(out=lines.append)
    demo = Project.objects.get(priority=other)
    assert demo.stage == "response" and demo.assessments.count() == 1
    assert sorted(demo.action_items.values_list("status", flat=True)) == [
        "done",
        "in_progress",
        "open",
        "open",
    ]
    assert demo.team.filter(organization=org).exists()
    load_demo(out=lines.append)
    assert Project.objects.filter(priority=other).count() == 1
    assert "  0 projects added." in lines
