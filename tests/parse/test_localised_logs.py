"""Logs whose level names (and dates) are written in another language: java.util.logging's
names as the JDK translates them, read in every layout that writes them."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_tomcat_one_line_levels_in_the_jvm_locale() -> None:
    text = (
        "03-Mar-2023 09:10:11.120 情報 [main] org.apache.catalina.startup.Catalina.load 初期化\n"
        "03-Mar-2023 09:10:11.250 심각 [main] org.apache.coyote.AbstractProtocol.init 실패\n"
        "03-Mar-2023 09:10:11.300 Avvertenza [main] org.apache.catalina.Foo.bar attenzione\n"
        "03-Mar-2023 09:10:11.400 嚴重 [main] org.apache.catalina.Foo.bar 失敗\n"
    )
    lines = parse(text)
    assert [e.level for e in lines] == ["INFO", "ERROR", "WARNING", "ERROR"]
    assert lines[1].message.startswith("[main] org.apache.coyote")
    assert utc(lines[0].ts) == "2023-03-03T09:10:11"


def test_a_word_before_a_bracket_that_is_no_level_stays_the_message() -> None:
    line = parse("03-Mar-2023 09:10:11.120 Startup [main] done\n")[0]
    assert line.level != "ERROR"
    assert line.message.startswith("Startup")


def test_jul_two_line_entry_with_a_localised_month_and_level() -> None:
    text = (
        "ago 07, 2019 3:04:05 PM org.example.server.Boot start\n"
        "Grave: porta gia in uso\n"
        "java.net.BindException: gia in uso\n"
        "\tat org.example.server.Boot.start(Boot.java:12)\n"
        "ago 07, 2019 3:04:06 PM org.example.server.Boot start\n"
        "Informazioni: avviato\n"
        "févr. 02, 2020 9:00:00 AM org.example.server.Boot stop\n"
        "Avertissement: arrêt\n"
    )
    lines = parse(text)
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2019-08-07T15:04:05", "ERROR"),
        ("2019-08-07T15:04:06", "INFO"),
        ("2020-02-02T09:00:00", "WARNING"),
    ]
    assert lines[0].message == "org.example.server.Boot start"
    assert lines[0].fmt == "jul"


def test_glassfish_odl_level_after_the_component() -> None:
    text = (
        "[2021-02-03T10:11:12.345-0500] [glassfish 5.1] [GRAVE] [] [org.example.app] "
        "[tid: _ThreadID=40 _ThreadName=worker-2] [timeMillis: 1612365072345] "
        "[levelValue: 1000] [[\n"
        "  No se pudo enviar el correo]]\n"
        "\n"
        "[2021-02-03T10:11:13.000-0500] [glassfish 5.1] [WARNING] [] [javax.mail] "
        "[tid: _ThreadID=40 _ThreadName=worker-2] [timeMillis: 1612365073000] "
        "[levelValue: 900] [[\n"
        "  recurso no encontrado]]\n"
    )
    lines = [e for e in parse(text) if e.message.strip()]
    assert [e.level for e in lines] == ["ERROR", "WARNING"]
    assert utc(lines[0].ts) == "2021-02-03T15:11:12"
    assert lines[0].fields is not None and lines[0].fields["component"] == "glassfish 5.1"


def test_glassfish_uniform_layout_with_a_localised_level() -> None:
    text = (
        "[#|2016-05-04T08:09:10.100+0100|ADVERTENCIA|glassfish3.1.2|javax.enterprise.web|"
        "_ThreadID=12;_ThreadName=Thread-2;|Falta el recurso|#]\n"
        "\n"
        "[#|2016-05-04T08:09:11.100+0100|GRAVE|glassfish3.1.2|javax.enterprise.web|"
        "_ThreadID=12;_ThreadName=Thread-2;|Fallo al desplegar|#]\n"
    )
    lines = [e for e in parse(text) if e.message.strip()]
    assert [(utc(e.ts), e.level, e.message) for e in lines] == [
        ("2016-05-04T07:09:10", "WARNING", "Falta el recurso"),
        ("2016-05-04T07:09:11", "ERROR", "Fallo al desplegar"),
    ]


def test_json_type_key_is_the_level_when_it_names_one() -> None:
    text = (
        '{"time":"2024-02-03T04:05:06.000Z","type":"COMMAND","message":"Commande lancée"}\n'
        '{"time":"2024-02-03T04:05:07.000Z","type":"ERROR","message":"Échec de la commande"}\n'
        '{"time":"2024-02-03T04:05:08.000Z","type":"warn","message":"Lent"}\n'
    )
    lines = parse(text)
    assert [e.level for e in lines][1:] == ["ERROR", "WARNING"]
    assert lines[0].level not in ("ERROR", "WARNING")
    assert lines[0].fields is not None and lines[0].fields["type"] == "COMMAND"
    assert lines[1].message == "Échec de la commande"


def test_json_type_key_beside_a_level_key_is_no_level() -> None:
    text = '{"time":"2024-02-03T04:05:06Z","level":"info","type":"error","msg":"a kind"}\n'
    assert parse(text)[0].level == "INFO"


def test_aiogram_update_duration() -> None:
    text = (
        "2024-07-08 10:00:01,250 - INFO - Update id=51234 is handled. Duration 128 ms by bot "
        "id=99887766\n"
        "2024-07-08 10:00:02,500 - INFO - Update id=51235 is not handled. Duration 7 ms by bot "
        "id=99887766\n"
        "2024-07-08 10:00:03,000 - INFO - Отправлено сообщение пользователю 42\n"
    )
    lines = parse(text)
    assert [sorted(samples(e).values()) for e in lines] == [[128.0], [7.0], []]


def test_telegram_api_error_code_is_the_call_status() -> None:
    text = (
        "[ERROR] Lỗi khi gửi tin: A request to the Telegram API was unsuccessful. "
        "Error code: 403. Description: Forbidden: bot was blocked by the user\n"
        "[ERROR] Lỗi khác: Error code: 42 in the handler\n"
    )
    lines = parse(text)
    assert samples(lines[0]).get("http_status") == 403.0
    assert lines[0].level == "ERROR"
    assert "http_status" not in samples(lines[1])


def test_json_type_of_a_kind_of_record_is_no_level() -> None:
    text = '{"time":"2024-02-03T04:05:06Z","type":"alert","message":"nouvelle alerte créée"}\n'
    assert parse(text)[0].level == "INFO"
