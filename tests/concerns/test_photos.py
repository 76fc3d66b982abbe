"""Photos: only real images, re-encoded with every bit of metadata (EXIF GPS included) removed."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from beatbridge.concerns.models import Concern
from beatbridge.concerns.photos import clean_photo, clean_photos

from .conftest import IN_B111, image_bytes


def gps_jpeg(orientation=None, size=(40, 30)):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:11:25 10:00:00"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (41.0, 48.0, 18.0)
    gps[3] = "W"
    gps[4] = (87.0, 41.0, 42.0)
    exif[0x8825] = gps
    data = image_bytes("JPEG", size=size, exif=exif.tobytes())
    with Image.open(io.BytesIO(data)) as im:  # the test photo really carries GPS
        assert im.getexif().get_ifd(0x8825)
    return data


def assert_no_metadata(data: bytes):
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data
    assert b"http://ns.adobe.com/xap" not in data
    with Image.open(io.BytesIO(data)) as im:
        assert not im.getexif()
        assert im.getexif().get_ifd(0x8825) == {}
        assert "exif" not in im.info
        assert "icc_profile" not in im.info
        assert "xmp" not in im.info


def stored_photos(concern):
    out = []
    for photo in concern.photos.all():
        with photo.image.open("rb") as f:
            out.append(f.read())
    return out


def test_clean_photo_strips_gps_and_applies_orientation():
    cleaned = clean_photo(gps_jpeg(orientation=6, size=(40, 30)))
    assert cleaned.content_type == "image/jpeg"
    assert (cleaned.width, cleaned.height) == (30, 40)  # rotated upright
    assert_no_metadata(cleaned.content)


def test_png_text_chunks_and_icc_are_removed():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "home address 12 Elm St")
    im = Image.new("RGBA", (10, 10), (1, 2, 3, 128))
    out = io.BytesIO()
    im.save(out, "PNG", pnginfo=info, icc_profile=b"\0" * 200)
    cleaned = clean_photo(out.getvalue())
    assert b"Elm St" not in cleaned.content
    assert cleaned.content_type == "image/png"
    assert_no_metadata(cleaned.content)


def test_webp_is_accepted():
    cleaned = clean_photo(image_bytes("WEBP"))
    assert cleaned.content_type == "image/webp"


@pytest.mark.parametrize(
    "payload",
    [
        b"GIF89a" + b"\0" * 50,
        b"<?php echo 'hi'; ?>",
        image_bytes("GIF"),
        image_bytes("BMP"),
        image_bytes("JPEG")[:60],  # truncated
    ],
)
def test_non_images_and_other_formats_are_refused(payload):
    with pytest.raises(ValidationError):
        clean_photo(SimpleUploadedFile("holiday.jpg", payload, content_type="image/jpeg"))


def test_size_limit(settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "MAX_PHOTO_BYTES": 100}
    with pytest.raises(ValidationError, match="smaller than"):
        clean_photo(image_bytes("PNG", size=(200, 200), color=(1, 2, 3)) + b"\0" * 200)


def test_pixel_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("beatbridge.concerns.photos.MAX_PIXELS", 100)
    with pytest.raises(ValidationError, match="too many pixels"):
        clean_photo(image_bytes("PNG", size=(20, 20)))


def test_at_most_three():
    with pytest.raises(ValidationError, match="at most 3"):
        clean_photos([image_bytes()] * 4)


def _upload(name="photo.jpg", data=None):
    return SimpleUploadedFile(name, data or gps_jpeg(), content_type="image/jpeg")


def test_web_upload_is_stored_without_gps(client, city, categories):
    response = client.post(
        "/concerns/new/",
        {
            "category": categories["noise"].pk,
            "description": "Loud",
            "lat": IN_B111[1],
            "lon": IN_B111[0],
            "photos": [_upload(), _upload("b.jpg")],
            "submission_token": "Tb7Kx2QmN9pLw4RzV8sYc3",
        },
    )
    # The thank-you page is the POST's answer (no redirect to a URL holding the token).
    assert response.status_code == 200, response.content.decode()[:2000]
    concern = Concern.objects.get()
    stored = stored_photos(concern)
    assert len(stored) == 2
    for data in stored:
        assert_no_metadata(data)
    assert all(
        p.image.name.endswith(".jpg") and "photo" not in p.image.name for p in concern.photos.all()
    )


def test_api_upload_is_stored_without_gps(client, city, categories):
    response = client.post(
        "/api/v1/concerns/",
        {
            "category": "noise",
            "description": "Loud",
            "lat": IN_B111[1],
            "lon": IN_B111[0],
            "photos": [_upload()],
        },
    )
    assert response.status_code == 201, response.content
    concern = Concern.objects.get()
    [data] = stored_photos(concern)
    assert_no_metadata(data)
    assert response.json()["photos"][0].startswith("/media/concerns/")


def test_fake_image_upload_is_a_field_error(client, city, categories):
    fake = SimpleUploadedFile("cat.jpg", b"definitely not a jpeg", content_type="image/jpeg")
    response = client.post(
        "/api/v1/concerns/",
        {
            "category": "noise",
            "description": "Loud",
            "lat": IN_B111[1],
            "lon": IN_B111[0],
            "photos": [fake],
        },
    )
    assert response.status_code == 400
    assert "photos" in response.json()
    assert not Concern.objects.exists()
    web = client.post(
        "/concerns/new/",
        {
            "category": categories["noise"].pk,
            "description": "Loud",
            "lat": IN_B111[1],
            "lon": IN_B111[0],
            "submission_token": "Ur5Jd8WnE3kPq6TzX1mHa7",
            "photos": [SimpleUploadedFile("cat.jpg", b"not a jpeg", content_type="image/jpeg")],
        },
    )
    assert web.status_code == 400
    assert "Only JPEG, PNG or WebP" in web.content.decode()
