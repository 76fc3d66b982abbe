from beatbridge.projects.demo import load_demo
from beatbridge.projects.models import Project


def test_demo_projects_load_once(city, officer, org, resident, monkeypatch):
    from beatbridge.priorities import services as priority_services
    from beatbridge.projects import demo as projects_demo

    # The demo starts projects on its hand-written beats only; here, the test city's beat,
    # with two current priorities.
    beat = city["b111"]
    monkeypatch.setattr(projects_demo, "DEMO_BEATS", (beat.code,))
    first = priority_services.propose_priority(beat, title="Car break-ins", by=resident)
    other = priority_services.propose_priority(beat, title="Speeding", by=resident)
    priority_services.confirm_priorities(beat, chosen=[first, other], by=officer)
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
    assert Project.objects.count() == 2
    load_demo(out=lines.append)
    assert Project.objects.count() == 2 and "  already loaded" in lines
