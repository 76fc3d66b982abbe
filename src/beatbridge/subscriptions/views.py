from django.http import HttpResponse


def settings_page(request):
    return HttpResponse("")


notifications = subscribe_email_page = subscribe_email_sent = settings_page


def confirm(request, token):
    return HttpResponse("")


def unsubscribe_page(request, key):
    return HttpResponse("")
