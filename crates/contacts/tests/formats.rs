//! Every format and encoding the importer reads, with files made the way real exports are.

mod common;

use common::*;
use groupdrop_contacts::{import_bytes, ContactsError, Format, ImportOptions, NumberKind};
use rust_xlsxwriter::Workbook;

#[test]
fn google_contacts_csv_prefers_the_mobile_label() {
    let h = GOOGLE_HEADER;
    let csv = [
        h.to_string(),
        row(
            h,
            &[
                ("First Name", "João"),
                ("Last Name", "Silva"),
                ("Notes", "Cliente desde 2019, \"VIP\"\nligar à tarde"),
                ("Phone 1 - Label", "Work"),
                ("Phone 1 - Value", "+55 11 3333-4444"),
                ("Phone 2 - Label", "Mobile"),
                ("Phone 2 - Value", "+55 11 98765-4321"),
            ],
            false,
        ),
        row(
            h,
            &[
                ("First Name", "Maria"),
                ("Phone 1 - Label", "Work"),
                ("Phone 1 - Value", "+55 11 3232-1010"),
            ],
            false,
        ),
        row(
            h,
            &[
                ("First Name", "Bia"),
                ("Phone 1 - Label", "* Mobile"),
                ("Phone 1 - Value", "+55 11 91234-5678 ::: +55 21 99876-5432"),
            ],
            false,
        ),
        row(
            h,
            &[
                ("First Name", "Sem"),
                ("Last Name", "Telefone"),
                ("E-mail 1 - Value", "sem@example.com"),
            ],
            false,
        ),
    ]
    .join("\n");
    let r = import("contacts.csv", csv.as_bytes(), Some("BR"));
    assert_eq!(r.format, Format::Csv);
    assert_eq!(r.delimiter.as_deref(), Some(","));
    assert_eq!(r.phone_columns, vec!["Phone 1 - Value", "Phone 2 - Value"]);
    assert_eq!(
        r.name_columns,
        vec!["First Name", "Middle Name", "Last Name"]
    );
    // The Notes field spans two lines, so Maria is on line 4 of the file.
    assert_eq!(
        phones(&r),
        vec![
            (2, "+5511987654321"),
            (4, "+551132321010"),
            (5, "+5511912345678"),
            (5, "+5521998765432")
        ]
    );
    assert_eq!(r.contacts[0].name.as_deref(), Some("João Silva"));
    assert_eq!(r.contacts[1].kind, NumberKind::FixedLine);
    assert_eq!(rejected(&r), vec![(6, "no_number".to_string())]);
    assert_eq!(r.rejected[0].name.as_deref(), Some("Sem Telefone"));
}

#[test]
fn legacy_google_csv_uses_the_name_column() {
    let h = GOOGLE_LEGACY_HEADER;
    let csv = [
        h.to_string(),
        row(
            h,
            &[
                ("Name", "Ravi Kumar"),
                ("Given Name", "Ravi"),
                ("Family Name", "Kumar"),
                ("Group Membership", "* myContacts"),
                ("Phone 1 - Type", "Home"),
                ("Phone 1 - Value", "022 2345 6789"),
                ("Phone 2 - Type", "Mobile"),
                ("Phone 2 - Value", "098765 43210"),
            ],
            false,
        ),
    ]
    .join("\r\n");
    let r = import("google.csv", csv.as_bytes(), Some("IN"));
    assert_eq!(r.name_columns, vec!["Name"]);
    assert_eq!(phones(&r), vec![(2, "+919876543210")]);
    assert_eq!(r.contacts[0].name.as_deref(), Some("Ravi Kumar"));
}

#[test]
fn outlook_csv_falls_back_to_business_and_home_phones() {
    let h = OUTLOOK_HEADER;
    let csv = [
        h.to_string(),
        row(
            h,
            &[
                ("First Name", "Ana"),
                ("Last Name", "Souza"),
                ("Business Phone", "(11) 3333-4444"),
                ("Mobile Phone", "(11) 98765-4321"),
            ],
            true,
        ),
        row(
            h,
            &[
                ("First Name", "Carlos"),
                ("Business Phone", "(11) 3030-4040"),
                ("Home Phone", "(11) 3131-4141"),
            ],
            true,
        ),
        row(
            h,
            &[("First Name", "Duda"), ("Business Fax", "(11) 3535-4545")],
            true,
        ),
        row(
            h,
            &[
                ("First Name", "Eva"),
                ("Organizational ID Number", "12345678901"),
            ],
            true,
        ),
    ]
    .join("\r\n");
    let r = import("outlook.csv", csv.as_bytes(), Some("BR"));
    assert_eq!(r.phone_columns[0], "Mobile Phone");
    assert!(!r.phone_columns.iter().any(|c| c.contains("ID Number")));
    assert_eq!(
        phones(&r),
        vec![
            (2, "+5511987654321"),
            (3, "+551130304040"),
            (3, "+551131314141"),
            (4, "+551135354545")
        ]
    );
    assert_eq!(r.contacts[0].name.as_deref(), Some("Ana Souza"));
    assert_eq!(rejected(&r), vec![(5, "no_number".to_string())]);
}

#[test]
fn excel_csv_with_semicolons_and_a_bom() {
    let csv = "\u{FEFF}Nome;Celular;Observação\r\nJoão;(11) 98765-4321;cliente, antigo\r\nMaria;11 98765-4321;\r\n;;\r\nJosé;12345;\r\n";
    let r = import("Pasta1.csv", csv.as_bytes(), Some("BR"));
    assert_eq!(
        (r.format, r.encoding.as_deref(), r.delimiter.as_deref()),
        (Format::Csv, Some("utf-8"), Some(";"))
    );
    assert_eq!(r.columns, vec!["Nome", "Celular", "Observação"]);
    assert_eq!(phones(&r), vec![(2, "+5511987654321")]);
    assert_eq!((r.duplicates[0].row, r.duplicates[0].same_as_row), (3, 2));
    // The blank row 4 is skipped; José on row 5 is reported.
    assert_eq!(rejected(&r), vec![(5, "too_short".to_string())]);
    assert_eq!(r.rejected[0].reason, "too short for a Brazilian number");
}

#[test]
fn excel_unicode_text_is_utf16le_with_tabs() {
    let text = "Name\tMobile\r\nÅsa Ñúñez\t+34 612 34 56 78\r\nराहुल\t098765 43210\r\n";
    let r = import("contacts.txt", &utf16le(text), Some("IN"));
    assert_eq!(
        (r.format, r.encoding.as_deref(), r.delimiter.as_deref()),
        (Format::Text, Some("utf-16le"), Some("\t"))
    );
    assert_eq!(phones(&r), vec![(2, "+34612345678"), (3, "+919876543210")]);
    assert_eq!(r.contacts[1].name.as_deref(), Some("राहुल"));
    let r = import("contacts.txt", &utf16be(text), Some("IN"));
    assert_eq!(r.encoding.as_deref(), Some("utf-16be"));
    assert_eq!(r.contacts.len(), 2);
}

#[test]
fn windows_1252_accents_are_decoded() {
    let csv = windows1252("Nome;Telefone;Cidade\nJoão Conceição;(11) 98765-4321;São Paulo\nAndré;(21) 99876-5432;Niterói\n");
    let r = import("contatos.csv", &csv, Some("BR"));
    assert_eq!(r.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(r.contacts[0].name.as_deref(), Some("João Conceição"));
    assert_eq!(r.contacts[1].name.as_deref(), Some("André"));
}

#[test]
fn old_mac_csv_with_carriage_returns_only() {
    let csv = windows1252("Nome,Celular\rJoão,(11) 98765-4321\rAna,(21) 99876-5432\r");
    let r = import("mac.csv", &csv, Some("BR"));
    assert_eq!(
        phones(&r),
        vec![(2, "+5511987654321"), (3, "+5521998765432")]
    );
    assert_eq!(r.contacts[0].name.as_deref(), Some("João"));
}

#[test]
fn labels_around_numbers_are_tolerated() {
    let csv = "Nome;Telefone\nAna;11 98765-4321 (WhatsApp)\nBia;Cel: (21) 99876-5432\nCida;tel:+55-31-99123-4567\n";
    let r = import("x.csv", csv.as_bytes(), Some("BR"));
    assert_eq!(
        phones(&r),
        vec![
            (2, "+5511987654321"),
            (3, "+5521998765432"),
            (4, "+5531991234567")
        ]
    );
    // The report keeps what the user wrote.
    assert_eq!(r.contacts[0].input, "11 98765-4321 (WhatsApp)");
}

#[test]
fn a_plain_list_without_header() {
    let r = import(
        "numeros.txt",
        b"+55 11 98765-4321\n(21) 99876-5432\n\n12\n5511987654321\n",
        Some("BR"),
    );
    assert_eq!(r.format, Format::Text);
    assert_eq!(r.delimiter, None);
    assert_eq!(r.columns, vec!["A"]);
    assert_eq!(
        phones(&r),
        vec![(1, "+5511987654321"), (2, "+5521998765432")]
    );
    assert_eq!(rejected(&r), vec![(4, "too_short".to_string())]);
    assert_eq!((r.duplicates[0].row, r.duplicates[0].same_as_row), (5, 1));
}

#[test]
fn headerless_name_and_number_columns() {
    let r = import(
        "lista.csv",
        "Ana Paula;(11) 98765-4321\nBeto;(11) 91234-5678\n".as_bytes(),
        Some("BR"),
    );
    assert_eq!(r.phone_columns, vec!["B"]);
    assert_eq!(r.name_columns, vec!["A"]);
    assert_eq!(r.contacts[0].row, 1);
    assert_eq!(r.contacts[0].name.as_deref(), Some("Ana Paula"));
}

#[test]
fn headers_in_six_languages() {
    for (csv, country, phone_col, name) in [
        ("Nombre;Apellido;Móvil\nLucía;García;612 34 56 78\n", "ES", "Móvil", "Lucía García"),
        ("Vorname;Nachname;Handy;Telefon (geschäftlich)\nJürgen;Groß;01512 3456789;030 12345678\n", "DE", "Handy", "Jürgen Groß"),
        ("Prénom;Nom;Portable\nHélène;Dupont;06 12 34 56 78\n", "FR", "Portable", "Hélène Dupont"),
        ("नाम,मोबाइल नंबर\nसुनीता,98765 43210\n", "IN", "मोबाइल नंबर", "सुनीता"),
        ("Naam,Mobile No.\nSunita,98765 43210\n", "IN", "Mobile No.", "Sunita"),
        ("Nome Completo,Telefone Celular,CPF\nJoão da Silva,(11) 98765-4321,123.456.789-09\n", "BR", "Telefone Celular", "João da Silva"),
        ("Name,WhatsApp,Phone\nAda,+44 7911 123456,020 7946 0958\n", "GB", "WhatsApp", "Ada"),
        ("Nome do responsável;Nome da mãe;Celular (com DDD)\nCarla Dias;Rita Dias;(11) 98765-4321\n", "BR", "Celular (com DDD)", "Carla Dias"),
    ] {
        let r = import("x.csv", csv.as_bytes(), Some(country));
        assert_eq!(r.phone_columns[0], phone_col, "{csv}");
        assert_eq!(r.contacts.len(), 1, "{csv}: {r:?}");
        assert_eq!(r.contacts[0].name.as_deref(), Some(name), "{csv}");
    }
}

#[test]
fn a_whatsapp_column_of_yes_and_no_is_not_a_phone_column() {
    let r = import(
        "x.csv",
        b"Nome,WhatsApp,Celular\nAna,Sim,(11) 98765-4321\nBia,Nao,(11) 91234-5678\n",
        Some("BR"),
    );
    assert_eq!(r.phone_columns, vec!["Celular"]);
    assert_eq!(r.contacts.len(), 2);
}

#[test]
fn the_user_can_force_the_column_by_name_or_letter() {
    let csv = b"Nome,Celular,Recado\nAna,(11) 98765-4321,(11) 91234-5678\n";
    for column in ["Recado", "recado", "C", "c"] {
        let r = import_bytes(
            "x.csv",
            csv,
            &ImportOptions {
                country: Some("BR".into()),
                column: Some(column.into()),
                sheet: None,
                group_by: None,
            },
        )
        .unwrap();
        assert_eq!(r.phone_columns, vec!["Recado"], "{column}");
        assert_eq!(phones(&r), vec![(2, "+5511912345678")]);
    }
    let err = import_bytes(
        "x.csv",
        csv,
        &ImportOptions {
            country: None,
            column: Some("Fax".into()),
            sheet: None,
            group_by: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.kind(), "column_not_found");
    assert!(err.to_string().contains("Nome, Celular, Recado"), "{err}");
}

#[test]
fn brazilian_area_code_in_its_own_column() {
    let r = import(
        "x.csv",
        b"Nome;DDD;Celular\nAna;11;98765-4321\nBia;21;+55 21 99876-5432\n",
        Some("BR"),
    );
    assert_eq!(
        phones(&r),
        vec![(2, "+5511987654321"), (3, "+5521998765432")]
    );
}

#[test]
fn excel_text_renderings_of_numbers() {
    let csv = b"Name,Mobile\nA,919876543210.0\nB,9.1987654322E+11\nC,9.19877E+11\nD,=\"09876543211\"\nE,https://wa.me/919876543299\n";
    let r = import("x.csv", csv, Some("IN"));
    assert_eq!(
        phones(&r),
        vec![
            (2, "+919876543210"),
            (3, "+919876543220"),
            (5, "+919876543211"),
            (6, "+919876543299")
        ]
    );
    assert_eq!(rejected(&r), vec![(4, "excel_rounded".to_string())]);
    assert!(
        r.rejected[0].reason.contains("Text"),
        "{}",
        r.rejected[0].reason
    );
}

fn xlsx(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut wb = Workbook::new();
    build(&mut wb);
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_numeric_cells_come_back_as_exact_digits() {
    let bytes = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Name").unwrap();
        ws.write_string(0, 1, "Mobile").unwrap();
        ws.write_string(1, 0, "Asha").unwrap();
        ws.write_number(1, 1, 919876543210.0).unwrap();
        ws.write_string(2, 0, "Vikram").unwrap();
        ws.write_number(2, 1, 9.1987654322E11).unwrap();
        ws.write_string(3, 0, "Meera").unwrap();
        ws.write_string(3, 1, "+91 98765 43230").unwrap();
    });
    let r = import("contacts.xlsx", &bytes, Some("IN"));
    assert_eq!(
        (r.format, r.encoding.clone(), r.sheet.as_deref()),
        (Format::Xlsx, None, Some("Sheet1"))
    );
    assert_eq!(
        phones(&r),
        vec![
            (2, "+919876543210"),
            (3, "+919876543220"),
            (4, "+919876543230")
        ]
    );
    assert_eq!(r.contacts[0].input, "919876543210");
}

#[test]
fn xlsx_first_sheet_with_data_or_the_chosen_one() {
    let bytes = xlsx(|wb| {
        wb.add_worksheet().set_name("Capa").unwrap();
        let ws = wb.add_worksheet().set_name("Clientes").unwrap();
        // A title above the header, and the table starting at column B.
        ws.write_string(0, 1, "Lista de clientes — março").unwrap();
        ws.write_string(2, 1, "Nome").unwrap();
        ws.write_string(2, 2, "Celular").unwrap();
        ws.write_string(3, 1, "Ana").unwrap();
        ws.write_string(3, 2, "(11) 98765-4321").unwrap();
        let ws = wb.add_worksheet().set_name("Fornecedores").unwrap();
        ws.write_string(0, 0, "Telefone").unwrap();
        ws.write_string(1, 0, "(21) 99876-5432").unwrap();
    });
    let r = import("book.xlsx", &bytes, Some("BR"));
    assert_eq!(r.sheets, vec!["Capa", "Clientes", "Fornecedores"]);
    assert_eq!(r.sheet.as_deref(), Some("Clientes"));
    assert_eq!(r.phone_columns, vec!["Celular"]);
    assert_eq!(phones(&r), vec![(4, "+5511987654321")]);
    // Column letters are the sheet's own, although the data starts at B.
    let forced = import_bytes(
        "book.xlsx",
        &bytes,
        &ImportOptions {
            country: Some("BR".into()),
            column: Some("C".into()),
            sheet: None,
            group_by: None,
        },
    )
    .unwrap();
    assert_eq!(forced.phone_columns, vec!["Celular"]);
    let other = import_bytes(
        "book.xlsx",
        &bytes,
        &ImportOptions {
            country: Some("BR".into()),
            column: None,
            sheet: Some("fornecedores".into()),
            group_by: None,
        },
    )
    .unwrap();
    assert_eq!(phones(&other), vec![(2, "+5521998765432")]);
    let err = import_bytes(
        "book.xlsx",
        &bytes,
        &ImportOptions {
            country: None,
            column: None,
            sheet: Some("Vendas".into()),
            group_by: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.kind(), "sheet_not_found");
    assert!(
        err.to_string().contains("Capa, Clientes, Fornecedores"),
        "{err}"
    );
}

#[test]
fn ods_and_xls_made_by_libreoffice() {
    for (name, format) in [("contacts.ods", Format::Ods), ("contacts.xls", Format::Xls)] {
        let r = import(name, &fixture(name), Some("BR"));
        assert_eq!(r.format, format);
        assert_eq!(r.phone_columns, vec!["Celular"]);
        // Row 2 holds a numeric cell (5511987654321), row 4 the same number written nationally.
        assert_eq!(
            phones(&r),
            vec![(2, "+5511987654321"), (3, "+5521998765432")],
            "{name}"
        );
        assert_eq!(r.contacts[0].name.as_deref(), Some("João da Silva"));
        assert_eq!((r.duplicates[0].row, r.duplicates[0].same_as_row), (4, 2));
        assert_eq!(rejected(&r), vec![(5, "too_short".to_string())]);
    }
}

#[test]
fn misnamed_files_are_read_by_content() {
    // A ".xls" that is really tab-separated text, as many web systems export.
    let r = import(
        "relatorio.xls",
        b"Nome\tCelular\nAna\t(11) 98765-4321\n",
        Some("BR"),
    );
    assert_eq!(r.format, Format::Csv);
    assert_eq!(r.contacts.len(), 1);
    // A ".csv" that is really a workbook.
    let bytes = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Phone").unwrap();
        ws.write_string(1, 0, "+44 7911 123456").unwrap();
    });
    assert_eq!(import("export.csv", &bytes, None).format, Format::Xlsx);
}

#[test]
fn html_tables_saved_as_xls_by_web_systems() {
    let html = "<html><head><meta charset=\"utf-8\"></head><body><table border=1>\r\n\
        <tr><th>Aluno</th><th>Celular do respons&aacute;vel</th></tr>\r\n\
        <tr><td>Jo&atilde;o</td><td>(11) 98765-4321</td></tr>\r\n\
        <tr><td>Ana</td><td>12345</td></tr></table></body></html>";
    let r = import("relatorio.xls", html.as_bytes(), Some("BR"));
    assert_eq!(r.format, Format::Text);
    assert_eq!(r.phone_columns, vec!["Celular do responsável"]);
    assert_eq!(phones(&r), vec![(2, "+5511987654321")]);
    assert_eq!(r.contacts[0].name.as_deref(), Some("João"));
    assert_eq!(rejected(&r), vec![(3, "too_short".to_string())]);
}

#[test]
fn numbers_need_a_country_or_a_plus() {
    let r = import(
        "x.csv",
        b"Name,Phone\nA,(11) 98765-4321\nB,+55 11 91234-5678\n",
        None,
    );
    assert_eq!(r.country, None);
    assert_eq!(phones(&r), vec![(3, "+5511912345678")]);
    assert_eq!(rejected(&r), vec![(2, "needs_country".to_string())]);
    assert!(r.rejected[0].reason.contains("choose the country"));
    let err = import_bytes("x.csv", b"Phone\n1\n", &opts(Some("ZZ"))).unwrap_err();
    assert!(matches!(err, ContactsError::UnknownCountry { .. }), "{err}");
}

#[test]
fn the_report_serialises_to_the_cli_shape() {
    let r = import(
        "x.csv",
        b"Nome;Celular\nJo\xC3\xA3o;(11) 98765-4321\nAna;11 98765-4321\nBia;123\n",
        Some("BR"),
    );
    let v = serde_json::to_value(&r).unwrap();
    for key in [
        "file",
        "format",
        "encoding",
        "delimiter",
        "phone_columns",
        "country",
        "contacts",
        "duplicates",
        "rejected",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["contacts"][0]["kind"], "mobile");
    assert_eq!(v["contacts"][0]["row"], 2);
    assert_eq!(v["duplicates"][0]["same_as_row"], 2);
    assert_eq!(v["rejected"][0]["input"], "123");
    assert_eq!(v["format"], "csv");
}
