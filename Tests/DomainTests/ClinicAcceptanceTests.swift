import CQRS
import CQRSTestSupport
import CQRSTesting
import Foundation
import Synchronization
import Testing

/// The clinic's rules, as its staff would state them, checked through the generated application on every
/// store (the front desk's and the billing office's read models are inline, so the stores share one
/// database).
@Suite("Clinic: acceptance", .timeLimit(.minutes(1)))
struct ClinicAcceptanceTests {
    /// Monday 2025-03-03, 08:00 UTC: the clinic's clock in these tests, moved by hand.
    static let monday = Date(timeIntervalSince1970: 1_740_988_800)
    let clock = TestClock(Self.monday)

    func hours(_ count: Double) -> Date { Self.monday.addingTimeInterval(count * 3_600) }

    func clinic(_ kind: StoreKind) async throws -> Clinic.Application {
        let (events, rows) = try await kind.makeSharedStores()
        let clock = self.clock
        return try Clinic.Application(
            eventStore: events, readStore: rows, appointment: AppointmentRules(),
            busiestDoctors: BusiestDoctorsQuery(),
            configuration: .init(commands: .init(now: { clock.now })))
    }

    @Test(
        "A booked appointment is on the doctor's day at once, in time order, a page at a time",
        arguments: StoreKind.tested)
    func theFrontDeskSeesABookingAtOnce(kind: StoreKind) async throws {
        let clinic = try await clinic(kind)
        try await clinic.withProjectionsRunning {
            // 12 bookings with Dr. Ada, made out of order; no receipt, no waiting: the schedule is inline.
            for (index, hour) in [5, 1, 3, 12, 2, 4, 6, 8, 7, 11, 9, 10].enumerated() {
                let book = Clinic.Appointment.Book(patientId: "p\(hour)", doctorId: "ada", slot: hours(Double(hour)))
                try await clinic.send(book)
                #expect(try await clinic.ask(Clinic.CountDoctorDay(doctorId: "ada")) == index + 1)
                let row = try await clinic.ask(Clinic.ByUrgency(urgency: .routine), page: .first(50)).rows
                #expect(row.contains { $0.appointmentId == book.appointmentId })
            }
            let first = try await clinic.ask(Clinic.DoctorDay(doctorId: "ada"))
            #expect(first.rows.map(\.patientId) == (1...10).map { "p\($0)" })
            #expect(first.total == 12 && first.pageCount == 2 && first.hasNext)
            let second = try await clinic.ask(Clinic.DoctorDay(doctorId: "ada"), page: 2)
            #expect(second.rows.map(\.patientId) == ["p11", "p12"] && !second.hasNext)
            #expect(try await clinic.ask(Clinic.CountDoctorDay(doctorId: "ada")) == 12)
            #expect(try await clinic.ask(Clinic.CountDoctorDay(doctorId: "bob")) == 0)
        }
    }

    @Test("An appointment cannot be booked in the past, nor completed before its time", arguments: StoreKind.tested)
    func timeRulesFollowTheClinicsClock(kind: StoreKind) async throws {
        let clinic = try await clinic(kind)
        try await clinic.withProjectionsRunning {
            await #expect(throws: ClinicError.slotInThePast) {
                try await clinic.send(Clinic.Appointment.Book(patientId: "p", doctorId: "ada", slot: hours(-1)))
            }
            let book = Clinic.Appointment.Book(patientId: "p", doctorId: "ada", slot: hours(2))
            try await clinic.send(book)
            await #expect(throws: ClinicError.notYetDue) {
                try await clinic.send(Clinic.Appointment.Complete(appointmentId: book.appointmentId))
            }
            clock.advance(to: hours(2.5))
            try await clinic.send(Clinic.Appointment.Complete(appointmentId: book.appointmentId))
            let visit = try await clinic.ask(Clinic.DoctorDay(doctorId: "ada")).rows.first
            #expect(visit?.status == .completed)
        }
    }

    @Test("The billing office counts every patient's bookings, cancellations and visits", arguments: StoreKind.tested)
    func visitsArePerPatient(kind: StoreKind) async throws {
        let clinic = try await clinic(kind)
        try await clinic.withProjectionsRunning {
            var appointments: [Clinic.Appointment.ID] = []
            for hour in 1...4 {
                let book = Clinic.Appointment.Book(patientId: "eve", doctorId: "ada", slot: hours(Double(hour)))
                try await clinic.send(book)
                appointments.append(book.appointmentId)
            }
            try await clinic.send(Clinic.Appointment.Cancel(appointmentId: appointments[0], reason: "flu"))
            clock.advance(to: hours(3))
            try await clinic.send(Clinic.Appointment.Complete(appointmentId: appointments[1]))
            try await clinic.send(Clinic.Appointment.Complete(appointmentId: appointments[2]))
            let visits = try #require(try await clinic.ask(Clinic.VisitsOf(patientId: "eve")))
            #expect(visits == Clinic.PatientVisits(patientId: "eve", booked: 4, cancelled: 1, completed: 2))
            // A cancelled appointment stays cancelled.
            await #expect(throws: ClinicError.notBooked(.cancelled)) {
                try await clinic.send(Clinic.Appointment.Reschedule(appointmentId: appointments[0], slot: hours(9)))
            }
        }
    }

    @Test("A cancellation needs a reason of three letters or more", arguments: StoreKind.tested)
    func aCancellationSaysWhy(kind: StoreKind) async throws {
        let clinic = try await clinic(kind)
        let book = Clinic.Appointment.Book(patientId: "p", doctorId: "ada", slot: hours(1))
        try await clinic.send(book)
        let refused = await #expect(throws: CommandValidationError.self) {
            try await clinic.send(Clinic.Appointment.Cancel(appointmentId: book.appointmentId, reason: "no"))
        }
        #expect(refused?.violations.map(\.field) == ["reason"])
    }

    @Test("Notes of three kinds; a referral is made once; the notes read newest last", arguments: StoreKind.tested)
    func notes(kind: StoreKind) async throws {
        let clinic = try await clinic(kind)
        try await clinic.withProjectionsRunning {
            let book = Clinic.Appointment.Book(patientId: "p", doctorId: "ada", slot: hours(1), urgency: .soon)
            try await clinic.send(book)
            let id = book.appointmentId
            try await clinic.send(
                Clinic.Appointment.AddNote(appointmentId: id, note: .administrative(.init(text: "insured"))))
            try await clinic.send(
                Clinic.Appointment.AddNote(appointmentId: id, note: .clinical(.init(author: "ada", text: "rash"))))
            let referral = Clinic.Note.referral(.init(specialist: "dermatology", urgency: .urgent))
            let last = try await clinic.send(Clinic.Appointment.AddNote(appointmentId: id, note: referral))
            await #expect(throws: ClinicError.alreadyReferred) {
                try await clinic.send(Clinic.Appointment.AddNote(appointmentId: id, note: referral))
            }
            // AppointmentNotes is async: read it after the last note's receipt.
            let notes = try #require(try await clinic.ask(Clinic.NotesOf(appointmentId: id), after: last))
            #expect(notes.summaries == ["insured", "ada: rash", "referred to dermatology (urgent)"])
            #expect(notes.lastNote == referral)
            #expect(try await clinic.ask(Clinic.CountByUrgency(urgency: .soon)) == 1)
            #expect(try await clinic.ask(Clinic.BusiestDoctors(top: 3)) == ["ada"])
            await #expect(throws: QueryValidationError.self) { try await clinic.ask(Clinic.BusiestDoctors(top: 0)) }
        }
    }

    @Test("Appointment numbers follow the order they were booked in")
    func appointmentIdsAreTimeOrdered() throws {
        let books = (0..<100).map { Clinic.Appointment.Book(patientId: "p\($0)", doctorId: "ada", slot: hours(1)) }
        let ids = books.map(\.appointmentId.uuidString)
        #expect(ids == ids.sorted())
    }

    @Test("The rules alone, without a store: the whole command path")
    func rulesWithoutAStore() throws {
        let booked = Clinic.Appointment.Booked(patientId: "p", doctorId: "ada", slot: hours(1), urgency: .routine)
        let scenario = DecideScenario(Clinic.Appointment.Definition(AppointmentRules())).given(.booked(booked))
        let id = Clinic.Appointment.ID.timeOrdered()
        try scenario.when(Clinic.Appointment.Complete(appointmentId: id), now: hours(0.5))
            .thenThrows(ClinicError.notYetDue)
        try scenario.when(Clinic.Appointment.Complete(appointmentId: id), now: hours(1))
            .then(.completed(.init()))
            .thenState { $0.status == .completed }
        try scenario.when(Clinic.Appointment.Cancel(appointmentId: id, reason: "x"))
            .thenThrows(CommandValidationError.self)
        try DecideScenario(Clinic.Appointment.Definition(AppointmentRules()))
            .when(Clinic.Appointment.Cancel(appointmentId: id, reason: "flu"))
            .thenThrows(CommandError.self)  // no such appointment
    }

    @Test("Visits per patient from events alone: a completion finds its patient through the booking")
    func visitsFromEvents() async throws {
        let first = Clinic.Appointment.ID.timeOrdered()
        let second = Clinic.Appointment.ID.timeOrdered()
        let visits = try await ProjectionScenario(Clinic.PatientVisits.Projection())
            .given(
                Clinic.Appointment.Definition.self, id: first,
                .booked(.init(patientId: "p", doctorId: "ada", slot: hours(1), urgency: .routine)), .completed(.init())
            )
            .given(
                Clinic.Appointment.Definition.self, id: second,
                .booked(.init(patientId: "p", doctorId: "bob", slot: hours(2), urgency: .soon)),
                .cancelled(.init(patientId: "p", reason: "flu"))
            )
            .rows(Clinic.PatientVisits.self)
        #expect(visits == [Clinic.PatientVisits(patientId: "p", booked: 2, cancelled: 1, completed: 1)])
        // The value is the first carrier's: a second booking of one appointment does not move it.
        let twice = try await ProjectionScenario(Clinic.PatientVisits.Projection())
            .given(
                Clinic.Appointment.Definition.self, id: first,
                .booked(.init(patientId: "p", doctorId: "ada", slot: hours(1), urgency: .routine)),
                .booked(.init(patientId: "q", doctorId: "ada", slot: hours(1), urgency: .routine)), .completed(.init())
            )
            .rows(Clinic.PatientVisits.self)
        #expect(twice.first { $0.patientId == "p" }?.completed == 1)
        #expect(twice.first { $0.patientId == "q" }?.completed == 0)
        // A completion whose booking is not in the log cannot be counted: the projection says why.
        let orphan = try ProjectionScenario(Clinic.PatientVisits.Projection())
            .given(Clinic.Appointment.Definition.self, id: first, .completed(.init()))
        try await orphan.thenFails { failure in
            (failure.underlyingError as? RememberedValueMissing)?.name == "patientId"
        }
    }

    @Test("The front desk's schedule from events, without an application")
    func scheduleFromEvents() async throws {
        let id = Clinic.Appointment.ID.timeOrdered()
        try await ProjectionScenario(Clinic.DoctorSchedule.Projection())
            .given(
                Clinic.Appointment.Definition.self, id: id,
                .booked(.init(patientId: "p", doctorId: "ada", slot: hours(1), urgency: .urgent)),
                .rescheduled(.init(doctorId: "ada", slot: hours(3)))
            )
            .thenRows([
                Clinic.DoctorSchedule(
                    appointmentId: id, doctorId: "ada", patientId: "p", slot: hours(3), urgency: .urgent,
                    status: .booked)
            ])
    }
}

/// A clock the tests set.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(to date: Date) { current.withLock { $0 = date } }
}
