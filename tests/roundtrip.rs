//! The generated models (from `spec/`) on hand-written JSON: keys, absent vs null, every
//! enum value, dates, numbers, maps, nesting and recursion, read and written back.
#![allow(deprecated)]

use docmodels::components::{
    Address, Carrier, CarrierData, DeliveryWindow, Location, Metadata, Priority, Route, ScanCode,
    Shipment, ShipmentStatus, Stop, TrackingEvent,
};
use docmodels::errors::ApiError;
use docmodels::operations::{
    AuthorizationCodeGrant, GetTokenFromRefreshTokenGrantType, TrackShipmentResponse,
};
use docmodels::shared::Money;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

/// Reads `value` as `T`, writes it back, and checks the JSON is unchanged.
fn round_trip<T: Serialize + DeserializeOwned>(value: Value) -> T {
    let model: T = serde_json::from_value(value.clone()).expect("JSON reads into the model");
    assert_eq!(serde_json::to_value(&model).unwrap(), value, "written back differently");
    model
}

#[test]
fn the_seed_travels_with_its_real_keys() {
    let grant: AuthorizationCodeGrant = round_trip(json!({
        "grant_type": "refresh_token",
        "refresh_token": "r-123",
        "client_id": "2da1cb14-xxxx-xxxx-xxxx-5b7b40829e79"
    }));
    assert_eq!(grant.grant_type, Some(GetTokenFromRefreshTokenGrantType::RefreshToken));
    assert_eq!(grant.refresh_token, "r-123");

    // Optional fields may be absent; the required one may not.
    let grant: AuthorizationCodeGrant = round_trip(json!({ "refresh_token": "r" }));
    assert_eq!(grant.grant_type, None);
    assert_eq!(grant.client_id, None);
    assert!(serde_json::from_value::<AuthorizationCodeGrant>(json!({ "grant_type": "refresh_token" })).is_err());
    // The SDK property names are not the wire keys.
    assert!(serde_json::from_value::<AuthorizationCodeGrant>(json!({ "refreshToken": "r" })).is_err());
}

fn shipment_json() -> Value {
    let mut json = json!({
        "id": "shp_1",
        "status": "in_transit",
        "parcels": [{
            "parcel_id": "p1",
            "count": 1,
            "stackable": false,
            "contents": { "books": 3 },
            "serial": 170141183460469231731687303715884105727_i128,
            "handling": ["up"]
        }],
        "insurance": { "amount": 19.99, "currency": "EUR" },
        "destination": { "line1": "Calle Mayor 5", "postalCode": "28013", "countryCode": "ES" },
        "created_at": "2026-03-01T09:30:00+01:00",
        "ship_date": "2026-03-02",
        "label": "JVBERi0=",
        "weight_grams": 1250,
        "piece_count": 2,
        "fuel_surcharge": 1.07,
        "signature_required": true,
        "notes": null,
        "type": "express"
    });
    // Parsed from text so the number keeps every digit (an f64 would round it).
    json["parcels"][0]["declared_value"] = serde_json::from_str("12345678901234.5678").unwrap();
    json
}

#[test]
fn a_full_shipment_round_trips() {
    let shipment: Shipment = round_trip(shipment_json());
    assert_eq!(shipment.status, ShipmentStatus::InTransit);
    assert_eq!(shipment.created_at.to_rfc3339(), "2026-03-01T09:30:00+01:00");
    assert_eq!(shipment.ship_date.to_string(), "2026-03-02");
    assert_eq!(shipment.label, b"%PDF-");
    assert_eq!(shipment.parcels[0].declared_value.unwrap().to_string(), "12345678901234.5678");
    assert_eq!(shipment.parcels[0].serial, Some(i128::MAX));
    assert_eq!(shipment.insurance, Money { amount: "19.99".parse().unwrap(), currency: "EUR".into() });
    assert_eq!(shipment.r#type, "express");
    assert_eq!(shipment.destination.postal_code, "28013");
}

#[test]
fn absent_and_null_stay_apart() {
    // `returnTo` is JsonNullable and optional: absent, null and a value are three states.
    let mut json = shipment_json();
    let absent: Shipment = round_trip(json.clone());
    assert_eq!(absent.return_to, None);

    json["return_to"] = Value::Null;
    let null: Shipment = round_trip(json.clone());
    assert_eq!(null.return_to, Some(None));

    json["return_to"] = json!({ "line1": "x", "postalCode": "1", "countryCode": "PT" });
    let value: Shipment = round_trip(json.clone());
    assert_eq!(value.return_to.unwrap().unwrap().country_code, "PT");

    // `notes` is JsonNullable but required: null is a value, a missing key an error.
    let mut missing = shipment_json();
    missing.as_object_mut().unwrap().remove("notes");
    assert!(serde_json::from_value::<Shipment>(missing).is_err());
    json["notes"] = json!("ring twice");
    let noted: Shipment = round_trip(json);
    assert_eq!(noted.notes.as_deref(), Some("ring twice"));
}

#[test]
fn keys_follow_the_config_overrides() {
    let mut json = shipment_json();
    json["_links"] = json!({ "self": "/shipments/shp_1" });
    json["default"] = json!(true);
    json["legacy_code"] = json!("OLD-1");
    let shipment: Shipment = round_trip(json);
    assert_eq!(shipment.links.unwrap()["self"], "/shipments/shp_1");
    // `default_` is the Java escape of the property `default`.
    assert_eq!(shipment.default, Some(true));
    assert_eq!(shipment.legacy_code.as_deref(), Some("OLD-1"));
}

#[test]
fn maps_keep_their_order_and_nest() {
    // Built as text: a `json!` object would already be sorted by key.
    let text = serde_json::to_string(&shipment_json()).unwrap().replacen(
        '{',
        r#"{"attributes":{"zeta":1,"alpha":{"deep":[true]},"mid":null},"#,
        1,
    );
    let shipment: Shipment = serde_json::from_str(&text).unwrap();
    let keys: Vec<&String> = shipment.attributes.as_ref().unwrap().keys().collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
    assert!(serde_json::to_string(&shipment).unwrap().contains(r#""attributes":{"zeta":1,"alpha":{"deep":[true]},"mid":null}"#));

    let mut json = shipment_json();
    json["customs"] = json!({ "8471": { "amount": 250, "currency": "USD" } });
    json["history"] = json!({ "p1": [{ "name": "Madrid", "children": [{ "name": "Centro" }] }] });
    json["stops_by_day"] = json!([["A", "B"], [], ["C"]]);
    let shipment: Shipment = round_trip(json);
    assert_eq!(shipment.customs.unwrap()["8471"].currency, "USD");
    assert_eq!(shipment.history.unwrap()["p1"][0].children.as_ref().unwrap()[0].name, "Centro");
}

#[test]
fn every_enum_value_travels_as_documented() {
    for (status, wire) in ShipmentStatus::ALL.iter().zip([
        "label_created",
        "in_transit",
        "out_for_delivery",
        "delivered",
        "returned",
    ]) {
        assert_eq!(serde_json::to_value(status).unwrap(), json!(wire));
        assert_eq!(&serde_json::from_value::<ShipmentStatus>(json!(wire)).unwrap(), status);
        assert_eq!(status.as_str(), wire);
        assert_eq!(wire.parse::<ShipmentStatus>().unwrap(), *status);
    }
    for (priority, wire) in Priority::ALL.iter().zip([1, 2, 3]) {
        assert_eq!(serde_json::to_value(priority).unwrap(), json!(wire));
        assert_eq!(serde_json::from_value::<Priority>(json!(wire)).unwrap(), *priority);
        assert_eq!(priority.to_string(), wire.to_string());
    }
    assert!(serde_json::from_value::<Priority>(json!(4)).is_err());
    assert!(serde_json::from_value::<Priority>(json!("1")).is_err());
    for (carrier, wire) in Carrier::ALL.iter().zip(["postal", "courier", "freight-2.0"]) {
        assert_eq!(serde_json::to_value(carrier).unwrap(), json!(wire));
        assert_eq!(carrier.to_string(), wire);
    }
    assert_eq!(Carrier::Freight20.as_str(), "freight-2.0");
    let error = "rail".parse::<Carrier>().unwrap_err();
    assert_eq!(error.to_string(), "`rail` is not a value of `Carrier`");
    assert_eq!(
        serde_json::to_value(GetTokenFromRefreshTokenGrantType::RefreshToken).unwrap(),
        json!("refresh_token")
    );
}

#[test]
fn open_enums_keep_unknown_values() {
    let status: ShipmentStatus = round_trip(json!("held_at_customs"));
    assert_eq!(status, ShipmentStatus::Unknown("held_at_customs".into()));
    assert_eq!(status.to_string(), "held_at_customs");
    let code: ScanCode = round_trip(json!(999));
    assert_eq!(code, ScanCode::Unknown(999));
    let code: ScanCode = round_trip(json!(200));
    assert_eq!(code, ScanCode::Sorted);
    assert_eq!("300".parse::<ScanCode>().unwrap(), ScanCode::Delivered);

    let error: ApiError = round_trip(json!({
        "code": 404,
        "message": "Parcel not found",
        "issues": { "tracking_number": [{ "detail": "unknown", "at": "2026-01-01T00:00:00Z" }] }
    }));
    assert_eq!(error.code, ScanCode::Unknown(404));
}

#[test]
fn recursive_models_nest() {
    let location: Location = round_trip(json!({
        "name": "Spain",
        "parent": { "name": "Europe" },
        "children": [{ "name": "Madrid", "children": [{ "name": "Centro" }] }]
    }));
    assert_eq!(location.parent.unwrap().name, "Europe");
    let route: Route = round_trip(json!({
        "route_id": "r1",
        "first_stop": {
            "code": "MAD",
            "handover_to": { "route_id": "r2", "first_stop": { "code": "LIS", "signed_by": null } },
            "signed_by": "A. Ruiz"
        }
    }));
    assert_eq!(route.first_stop.handover_to.unwrap().first_stop.code, "LIS");
}

#[test]
fn free_form_models_keep_any_json() {
    for value in [json!({ "a": [1, "two", null] }), json!("text"), json!(3.5), json!(null)] {
        let metadata: Metadata = round_trip(value.clone());
        assert_eq!(metadata.0, value);
    }
}

#[test]
fn raw_http_bodies_are_not_json() {
    let response: TrackShipmentResponse = round_trip(json!({ "content_type": "application/json", "status_code": 200 }));
    assert!(response.raw_response.is_empty());
    let mut with_body = response.clone();
    with_body.raw_response = b"{}".to_vec();
    assert_eq!(
        serde_json::to_value(&with_body).unwrap(),
        json!({ "content_type": "application/json", "status_code": 200 })
    );
}

#[test]
fn address_keeps_keys_as_written() {
    let address: Address = round_trip(json!({ "line1": "a", "postalCode": "b", "countryCode": "c", "geo": { "name": "x" } }));
    assert_eq!(address.geo.unwrap().name, "x");
}

#[test]
fn constructors_take_the_required_fields() {
    let grant = AuthorizationCodeGrant::new("r-1".into());
    assert_eq!(serde_json::to_value(&grant).unwrap(), json!({ "refresh_token": "r-1" }));

    // A recursive field is boxed inside `new`.
    let route = Route::new("r1".into(), Stop::new("MAD".into(), None));
    assert_eq!(
        serde_json::to_value(&route).unwrap(),
        json!({ "route_id": "r1", "first_stop": { "code": "MAD", "signed_by": null } })
    );

    // Past three required fields, `new` takes them by name, in a struct of their own.
    let parcel = docmodels::components::Parcel::new(docmodels::components::ParcelRequired {
        parcel_id: "p1".into(),
        count: 2,
        stackable: true,
        contents: json!("books"),
    });
    assert_eq!((parcel.count, parcel.weight_grams), (2, None));

    // Required-but-nullable fields are parameters; raw bodies start empty.
    let response = TrackShipmentResponse::new("application/json".into(), 200);
    assert!(response.raw_response.is_empty() && response.shipment.is_none());
    let money = Money::new("1.5".parse().unwrap(), "EUR".into());
    assert_eq!(serde_json::to_value(&money).unwrap(), json!({ "amount": 1.5, "currency": "EUR" }));
}

#[test]
fn required_optional_fields_are_always_written() {
    // `signedBy` is `Optional<String>` on a required row: the SDK always writes it,
    // `null` when empty, so `None` goes out as `null`, not as a missing key.
    let stop: Stop = round_trip(json!({ "code": "MAD", "signed_by": null }));
    assert_eq!(stop.signed_by, None);
    let stop: Stop = round_trip(json!({ "code": "MAD", "signed_by": "A. Ruiz" }));
    assert_eq!(stop.signed_by.as_deref(), Some("A. Ruiz"));
    assert_eq!(serde_json::to_value(Stop::new("LIS".into(), None)).unwrap(), json!({ "code": "LIS", "signed_by": null }));
    assert!(serde_json::from_value::<Stop>(json!({ "code": "MAD" })).is_err());
}

#[test]
fn optional_fields_do_not_turn_null_into_absent() {
    // `trackingNumber` may be absent but is not nullable: a `null` would come back as no
    // key at all, so it is an error rather than a silent change.
    let mut json = shipment_json();
    json["tracking_number"] = Value::Null;
    let error = serde_json::from_value::<Shipment>(json.clone()).unwrap_err().to_string();
    assert!(error.contains("invalid type: null"), "{error}");
    json["tracking_number"] = json!("1Z9");
    let shipment: Shipment = round_trip(json.clone());
    assert_eq!(shipment.tracking_number.as_deref(), Some("1Z9"));
    // `extra` holds any JSON, `null` too: kept as a value.
    json["extra"] = Value::Null;
    let shipment: Shipment = round_trip(json);
    assert_eq!(shipment.extra, Some(Value::Null));
}

#[test]
fn extra_keys_travel_at_the_top_level() {
    // Built as text: the extra keys keep their order.
    let text = r#"{"provider":"Correos","van_id":"V-12","route_km":41.5,"reported_at":"2026-03-01T10:00:00Z","seals":[1,2]}"#;
    let data: CarrierData = serde_json::from_str(text).unwrap();
    assert_eq!(data.provider, "Correos");
    assert!(data.reported_at.is_some());
    let extra: Vec<&String> = data.additional_properties.keys().collect();
    assert_eq!(extra, ["van_id", "route_km", "seals"]);
    assert_eq!(
        serde_json::to_string(&data).unwrap(),
        r#"{"provider":"Correos","reported_at":"2026-03-01T10:00:00Z","van_id":"V-12","route_km":41.5,"seals":[1,2]}"#
    );
    // List items that may be null keep their nulls.
    let data: CarrierData = round_trip(json!({ "provider": "UPS", "checkpoints": ["MAD", null, "LIS"], "van_id": "V-1" }));
    assert_eq!(data.checkpoints, Some(vec![Some("MAD".into()), None, Some("LIS".into())]));
    let empty: CarrierData = round_trip(json!({ "provider": "UPS" }));
    assert!(empty.additional_properties.is_empty());
    assert_eq!(CarrierData::new("UPS".into()), empty);
}

#[test]
fn mixed_enum_values_keep_their_json_kind() {
    for (window, wire) in DeliveryWindow::ALL.iter().zip([json!("same_day"), json!(1), json!(2), json!(5)]) {
        assert_eq!(serde_json::to_value(window).unwrap(), wire);
        assert_eq!(&serde_json::from_value::<DeliveryWindow>(wire).unwrap(), window);
    }
    assert_eq!(DeliveryWindow::One.as_str(), "1");
    assert_eq!("same_day".parse::<DeliveryWindow>().unwrap(), DeliveryWindow::SameDay);
    // A value of the wrong kind is another value.
    for wrong in [json!("1"), json!(3), json!("next_day"), json!(true)] {
        let error = serde_json::from_value::<DeliveryWindow>(wrong.clone()).unwrap_err().to_string();
        assert!(error.contains("expected one of \"same_day\", 1, 2, 5"), "{wrong}: {error}");
    }
    let mut json = shipment_json();
    json["window"] = json!(2);
    let shipment: Shipment = round_trip(json);
    assert_eq!(shipment.window, Some(DeliveryWindow::Two));
}

#[test]
fn error_models_are_errors() {
    let error: ApiError = round_trip(json!({ "code": 100, "message": "Parcel not found" }));
    assert_eq!(error.to_string(), "ApiError: Parcel not found");
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert_eq!(boxed.to_string(), "ApiError: Parcel not found");
}

#[test]
fn recorded_payloads_set_keys_the_docs_do_not_show() {
    // The docs of `TrackingEvent` show no JSON and the spec's keys are snake_case, but the
    // recorded payloads (`spec/payloads/TrackingEvent.json`) show camelCase keys.
    let event: TrackingEvent = round_trip(json!({
        "eventId": "evt_03",
        "shipmentId": "shp_1",
        "scanCode": 300,
        "scannedAt": "2026-03-03T08:00:00Z",
        "retryCount": 1
    }));
    assert_eq!(event.scan_code, ScanCode::Delivered);
    assert_eq!(event.retry_count, Some(1));
    let snake = json!({ "event_id": "e", "shipment_id": "s", "scan_code": 100, "scanned_at": "2026-03-03T08:00:00Z" });
    assert!(serde_json::from_value::<TrackingEvent>(snake).is_err());
}
