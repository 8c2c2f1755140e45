package io.zkrpc.core.testsupport;

import java.util.Objects;

/** A plain mutable bean, as service APIs often carry them. */
public class Dto {

    private int id;
    private String name;

    public Dto() {
    }

    public Dto(int id, String name) {
        this.id = id;
        this.name = name;
    }

    public int getId() {
        return id;
    }

    public void setId(int id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dto dto && dto.id == id && Objects.equals(dto.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name);
    }

    @Override
    public String toString() {
        return "Dto(" + id + ", " + name + ")";
    }
}
