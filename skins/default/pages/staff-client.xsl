<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- A client: portal access, contacts, plugin switches; other modules' pages of the client as tabs. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="c" select="client"/>
    <nav class="crumbs" aria-label="Client pages"><a href="{$base}/staff/clients">Clients</a><xsl:for-each select="tabs/tab"> · <a href="{$base}{@href}"><xsl:value-of select="@label"/></a><xsl:if test="@count"> (<xsl:value-of select="@count"/>)</xsl:if></xsl:for-each></nav>
    <h1><xsl:value-of select="$c/name"/></h1>
    <details>
      <xsl:if test="form/field[@name = 'name']/@error and not(form/field[@name = 'email'])"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
      <summary>Rename</summary>
      <form method="post" action="{$base}/staff/clients/{$c/id}" class="inline">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">name</xsl:with-param>
          <xsl:with-param name="id">f-client-name</xsl:with-param>
          <xsl:with-param name="label">Name</xsl:with-param>
          <xsl:with-param name="value" select="$c/name"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <button type="submit">Save</button>
      </form>
    </details>

    <xsl:call-template name="brand-client-form"><xsl:with-param name="c" select="$c"/></xsl:call-template>
    <section aria-labelledby="h-portal">
      <h2 id="h-portal">Portal access</h2>
      <p>The portal is <strong><xsl:choose><xsl:when test="$c/portal_enabled = '1'">open</xsl:when><xsl:otherwise>closed</xsl:otherwise></xsl:choose></strong>
        for this client. Contacts sign in with their e-mail address.</p>
      <form method="post" action="{$base}/staff/clients/{$c/id}/portal" class="inline">
        <xsl:call-template name="csrf"/>
        <xsl:choose>
          <xsl:when test="$c/portal_enabled = '1'"><button type="submit" class="danger">Close the portal</button></xsl:when>
          <xsl:otherwise><input type="hidden" name="enabled" value="1"/><button type="submit" class="primary">Open the portal</button></xsl:otherwise>
        </xsl:choose>
      </form>

      <h3>Contacts</h3>
      <xsl:choose>
        <xsl:when test="contacts/contact">
          <ul class="item-list contacts">
            <xsl:for-each select="contacts/contact">
              <li id="contact-{id}">
                <xsl:attribute name="class">item-card<xsl:if test="active = '0'"> inactive</xsl:if></xsl:attribute>
                <div class="item-head">
                  <xsl:call-template name="avatar"><xsl:with-param name="name" select="name"/></xsl:call-template>
                  <p class="item-title"><xsl:value-of select="name"/></p>
                  <xsl:if test="active = '0'"><xsl:call-template name="badge"><xsl:with-param name="status">closed</xsl:with-param><xsl:with-param name="label">Inactive</xsl:with-param></xsl:call-template></xsl:if>
                </div>
                <p class="item-meta">
                  <span><xsl:value-of select="email"/></span>
                  <span>Password <xsl:choose><xsl:when test="has_password = '1'">set</xsl:when><xsl:otherwise>not yet</xsl:otherwise></xsl:choose></span>
                  <span>Last sign-in <xsl:choose><xsl:when test="last_login_at"><xsl:value-of select="last_login_at"/></xsl:when><xsl:otherwise>never</xsl:otherwise></xsl:choose></span>
                </p>
                <div class="form-actions">
                  <form method="post" action="{$base}/staff/users/{id}/reset" class="inline">
                    <xsl:call-template name="csrf"/>
                    <button type="submit">Send a reset link <span class="visually-hidden">to <xsl:value-of select="name"/></span></button>
                  </form>
                  <xsl:if test="/atrium/user/@role = 'admin'">
                    <a href="{$base}/staff/users/{id}">Set a password <span class="visually-hidden">for <xsl:value-of select="name"/></span></a>
                  </xsl:if>
                </div>
                <details>
                  <summary><xsl:call-template name="icon"><xsl:with-param name="name">edit</xsl:with-param></xsl:call-template> Edit <span class="visually-hidden"><xsl:value-of select="name"/></span></summary>
                  <form method="post" action="{$base}/staff/clients/{$c/id}/contacts/{id}" class="item-edit">
                    <xsl:call-template name="csrf"/>
                    <div class="field"><label for="f-cname-{id}">Name</label>
                      <input id="f-cname-{id}" type="text" name="name" value="{name}" required="required"/></div>
                    <div class="field"><label for="f-cemail-{id}">E-mail</label>
                      <input id="f-cemail-{id}" type="email" name="email" value="{email}" required="required"/></div>
                    <div class="field"><label class="check"><input type="checkbox" name="active" value="1"><xsl:if test="active = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input> Can sign in</label></div>
                    <div class="form-actions"><button type="submit" class="primary">Save contact</button></div>
                  </form>
                </details>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">users</xsl:with-param><xsl:with-param name="title">No contacts yet.</xsl:with-param><xsl:with-param name="text">Invite the first contact with the form below.</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
      <h3>Add a contact</h3>
      <form method="post" action="{$base}/staff/clients/{$c/id}/contacts" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">name</xsl:with-param>
          <xsl:with-param name="label">Name</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="name">email</xsl:with-param>
          <xsl:with-param name="label">E-mail</xsl:with-param>
          <xsl:with-param name="type">email</xsl:with-param>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <p><button type="submit">Add contact</button></p>
      </form>
    </section>

    <section aria-labelledby="h-plugins">
      <h2 id="h-plugins">Modules for this client</h2>
      <xsl:choose>
        <xsl:when test="plugins/plugin">
          <ul class="switches">
            <xsl:for-each select="plugins/plugin">
              <li>
                <strong><xsl:value-of select="@name"/></strong>
                <xsl:if test="@summary"> — <xsl:value-of select="@summary"/></xsl:if>
                <xsl:text> </xsl:text>
                <form method="post" action="{$base}/staff/clients/{$c/id}/plugins/{@name}" class="inline">
                  <xsl:call-template name="csrf"/>
                  <xsl:choose>
                    <xsl:when test="@enabled = '1'"><span class="badge badge-approved">On</span> <button type="submit">Switch off</button></xsl:when>
                    <xsl:otherwise><span class="badge">Off</span> <input type="hidden" name="enabled" value="1"/><button type="submit">Switch on</button></xsl:otherwise>
                  </xsl:choose>
                </form>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">zap</xsl:with-param><xsl:with-param name="title">No plugins are loaded on this site.</xsl:with-param><xsl:with-param name="text">Plugins are listed in atrium.conf (plugins = { ... }).</xsl:with-param></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>
</xsl:stylesheet>
