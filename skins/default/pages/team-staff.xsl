<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- A client's team: its account manager and other members, as staff set them. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="c" select="client"/>
    <nav class="crumbs" aria-label="Client pages"><a href="{$base}/staff/clients">Clients</a> · <a href="{$base}/staff/clients/{$c/id}"><xsl:value-of select="$c/name"/></a><xsl:for-each select="tabs/tab"> · <a href="{$base}{@href}"><xsl:value-of select="@label"/></a><xsl:if test="@count"> (<xsl:value-of select="@count"/>)</xsl:if></xsl:for-each></nav>
    <h1>Team of <xsl:value-of select="$c/name"/></h1>
    <p class="hint">The client's contacts see these people, with their photo, role,
      e-mail, phone and office hours (each sets them on <a href="{$base}/account/card">their own card</a>),
      on their dashboard and their "Your team" page.</p>
    <section aria-labelledby="h-members">
      <h2 id="h-members">Members</h2>
      <xsl:choose>
        <xsl:when test="team/member">
          <ul class="team-cards">
            <xsl:for-each select="team/member">
              <li class="team-card">
                <xsl:call-template name="team-face"/>
                <div class="team-card-body">
                  <h3 class="team-name"><xsl:value-of select="@name"/></h3>
                  <p class="team-role">
                    <xsl:if test="@manager = '1'"><span class="badge badge-tone-info">Account manager</span><xsl:text> </xsl:text></xsl:if>
                    <xsl:value-of select="@title"/>
                  </p>
                  <div class="form-actions">
                    <xsl:if test="not(@manager = '1')">
                      <form method="post" action="{$base}/staff/clients/{$c/id}/team" class="inline">
                        <xsl:call-template name="csrf"/>
                        <input type="hidden" name="user" value="{@id}"/>
                        <button type="submit" name="action" value="manager">Make account manager<span class="visually-hidden">: <xsl:value-of select="@name"/></span></button>
                      </form>
                    </xsl:if>
                    <form method="post" action="{$base}/staff/clients/{$c/id}/team" class="inline">
                      <xsl:call-template name="csrf"/>
                      <input type="hidden" name="user" value="{@id}"/>
                      <button type="submit" name="action" value="remove" class="danger">Remove<span class="visually-hidden"> <xsl:value-of select="@name"/></span></button>
                    </form>
                  </div>
                </div>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty">
            <xsl:with-param name="icon">users</xsl:with-param>
            <xsl:with-param name="title">No one yet.</xsl:with-param>
            <xsl:with-param name="text">Choose the account manager below; the client's contacts see nothing until you do.</xsl:with-param>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
    <section aria-labelledby="h-add">
      <h2 id="h-add">Add someone</h2>
      <form method="post" action="{$base}/staff/clients/{$c/id}/team" class="stack">
        <xsl:call-template name="csrf"/>
        <div>
          <xsl:attribute name="class">field<xsl:if test="form/field[@name = 'user']/@error"> has-error</xsl:if></xsl:attribute>
          <label for="f-user">Team member</label>
          <select id="f-user" name="user" required="required">
            <xsl:if test="form/field[@name = 'user']/@error">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
              <xsl:attribute name="aria-describedby">e-user</xsl:attribute>
            </xsl:if>
            <option value="">Choose…</option>
            <xsl:for-each select="staff/person">
              <option value="{id}"><xsl:value-of select="name"/> (<xsl:value-of select="email"/>)</option>
            </xsl:for-each>
          </select>
          <xsl:if test="form/field[@name = 'user']/@error">
            <p class="error" id="e-user"><xsl:value-of select="form/field[@name = 'user']/@error"/></p>
          </xsl:if>
        </div>
        <p class="form-actions">
          <button type="submit" name="action" value="manager" class="primary">Make account manager</button>
          <xsl:text> </xsl:text>
          <button type="submit" name="action" value="member">Add to the team</button>
        </p>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
